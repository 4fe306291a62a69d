// Call log times are the domain's local wall time with no offset
// ("Sun, 01 Nov 2026 01:30:00"). Converting to UTC needs the zone's rules: in
// the autumn fall-back hour one wall time names two instants, in the spring
// gap none. Which instant a row means is decided by the report window it came
// from and the row order (see resolveInstant).
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const CALL_LOG_TIME = /^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall time at an instant, as epoch ms of the same fields read as UTC. */
export function wallTimeAt(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** The zone's offset from UTC at an instant (ms; Los Angeles in winter: -28,800,000). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  return wallTimeAt(epochMs, timeZone) - Math.floor(epochMs / 1000) * 1000;
}

/** Wall-time fields of a call log TIMESTAMP, as epoch ms read as UTC; undefined when unreadable. */
export function parseCallLogWallTime(text: string): number | undefined {
  const m = CALL_LOG_TIME.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!);
  const [day, year, hour, minute, second] = [m[1], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  if (month < 0 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month, day, hour, minute, second);
  return new Date(wall).getUTCDate() === day ? wall : undefined;
}

function exactInstantsOfWallTime(wallMs: number, timeZone: string): number[] {
  const DAY = 86_400_000;
  // The offsets in force a day either side cover any single transition.
  const offsets = new Set([zoneOffsetMs(wallMs - DAY, timeZone), zoneOffsetMs(wallMs, timeZone), zoneOffsetMs(wallMs + DAY, timeZone)]);
  return [...offsets].map((o) => wallMs - o).filter((instant) => wallTimeAt(instant, timeZone) === wallMs).sort((a, b) => a - b);
}

const HOUR = 3_600_000;
/** Offsets valid for a whole wall-clock hour (null: a change inside it), so 50,000 rows need ~24 Intl look-ups, not 200,000. */
const hourOffsets = new Map<string, number[] | null>();

function offsetsOfWallHour(hourStart: number, timeZone: string): number[] | null {
  const key = `${timeZone}|${hourStart}`;
  let offsets = hourOffsets.get(key);
  if (offsets === undefined) {
    const first = exactInstantsOfWallTime(hourStart, timeZone).map((i) => hourStart - i);
    const last = exactInstantsOfWallTime(hourStart + HOUR - 1000, timeZone).map((i) => hourStart + HOUR - 1000 - i);
    offsets = first.join() === last.join() ? first : null;
    if (hourOffsets.size > 50_000) hourOffsets.clear();
    hourOffsets.set(key, offsets);
  }
  return offsets;
}

/**
 * Every instant whose local wall time in `timeZone` is `wallMs`, earliest first:
 * one normally, two in the repeated autumn hour, none in the spring gap.
 */
export function instantsOfWallTime(wallMs: number, timeZone: string): number[] {
  const offsets = offsetsOfWallHour(Math.floor(wallMs / HOUR) * HOUR, timeZone);
  return offsets ? offsets.map((o) => wallMs - o) : exactInstantsOfWallTime(wallMs, timeZone);
}

/**
 * The instant a call log row means. Candidates outside the report window are
 * impossible; if both fall-back instants are inside, rows come in time order,
 * so the row takes the earliest candidate not before the previous row's
 * instant. A wall time in the spring gap (not printable by Five9) is moved
 * forward by the gap, like java.time. Deterministic for the same rows.
 */
export function resolveInstant(wallMs: number, timeZone: string, window: { from: number; to: number }, previous?: number): number {
  const candidates = instantsOfWallTime(wallMs, timeZone);
  if (candidates.length === 0) return wallMs - zoneOffsetMs(wallMs - 86_400_000, timeZone);
  const inWindow = candidates.filter((t) => t >= window.from && t < window.to);
  const pool = inWindow.length > 0 ? inWindow : candidates;
  if (pool.length === 1) return pool[0]!;
  return pool.find((t) => previous === undefined || t >= previous) ?? pool[pool.length - 1]!;
}

/** Instants in [from, to) where the zone's offset changes (DST transitions), to the second. */
export function offsetChangesBetween(from: number, to: number, timeZone: string): number[] {
  const changes: number[] = [];
  const HOUR = 3_600_000;
  let previousOffset = zoneOffsetMs(from, timeZone);
  for (let t = Math.floor(from / HOUR) * HOUR + HOUR; t < to + HOUR; t += HOUR) {
    const offset = zoneOffsetMs(t, timeZone);
    if (offset === previousOffset) continue;
    // Transitions fall on whole seconds: binary search inside the hour.
    let lo = t - HOUR;
    let hi = t;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (zoneOffsetMs(mid, timeZone) === previousOffset) lo = mid;
      else hi = mid;
    }
    if (hi > from && hi < to) changes.push(hi);
    previousOffset = offset;
  }
  return changes;
}
