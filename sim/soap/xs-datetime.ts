// xs:dateTime as Five9's report criteria take it. With an offset (`Z`,
// `-08:00`) it names one instant. Without one it is a wall time in the
// domain's time zone, resolved like java.time does (ZonedDateTime.of): in the
// autumn hour that repeats, the earlier instant (summer offset); in the spring
// gap, the wall time moved forward by the length of the gap.
import { localParts } from "../legacy/file-naming";

const XS_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** The zone's offset from UTC at an instant, in ms (-7 h → -25_200_000). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

/** The instant of a wall time (expressed as if it were UTC: `Date.UTC(...)`) in a zone. */
export function wallTimeToUtc(wallMs: number, timeZone: string): number {
  const DAY = 86_400_000;
  // The offsets in force a day either side cover any single DST transition.
  const offsets = [...new Set([zoneOffsetMs(wallMs - DAY, timeZone), zoneOffsetMs(wallMs + DAY, timeZone), zoneOffsetMs(wallMs, timeZone)])];
  const matches = offsets.map((o) => wallMs - o).filter((instant) => zoneOffsetMs(instant, timeZone) === wallMs - instant);
  if (matches.length > 0) return Math.min(...matches);
  // In the gap: use the offset before the transition, which lands after it.
  return wallMs - zoneOffsetMs(wallMs - DAY, timeZone);
}

/** Epoch ms of an xs:dateTime, or undefined when the text is not one. */
export function parseXsDateTime(text: string, timeZone: string): number | undefined {
  const m = XS_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (zone === undefined) return wallTimeToUtc(wall, timeZone);
  if (zone === "Z") return wall;
  const sign = zone.startsWith("-") ? -1 : 1;
  const [oh, om] = zone.slice(1).split(":").map(Number) as [number, number];
  if (oh > 14 || om > 59) return undefined;
  return wall - sign * (oh * 60 + om) * 60_000;
}
