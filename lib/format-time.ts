// The one way the app writes a moment for people: "2026-11-20 14:05 UTC".
// Always UTC and always saying so — pages are rendered on the server, which
// does not know the reader's zone, and a bare time invites the wrong guess.
// Days (no time) are "2026-11-20"; a span is "from – to".

type Moment = Date | string | number;

const pad = (n: number) => String(n).padStart(2, "0");

function toDate(value: Moment): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2026-11-20 14:05 UTC"; with seconds: "2026-11-20 14:05:09 UTC"; "—" for nothing. */
export function formatTime(value: Moment | null | undefined, options: { seconds?: boolean } = {}): string {
  const date = value === null || value === undefined ? null : toDate(value);
  if (!date) return "—";
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${options.seconds ? `:${pad(date.getUTCSeconds())}` : ""}`;
  return `${formatDay(date)} ${time} UTC`;
}

/** "2026-11-20" (the UTC day). */
export function formatDay(value: Moment | null | undefined): string {
  const date = value === null || value === undefined ? null : toDate(value);
  if (!date) return "—";
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}
