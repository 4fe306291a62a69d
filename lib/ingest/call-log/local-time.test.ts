import { describe, expect, it } from "vitest";
import { instantsOfWallTime, offsetChangesBetween, parseCallLogWallTime, resolveInstant } from "./local-time";
import { planWindows } from "./windows";

const LA = "America/Los_Angeles";
const wall = (text: string) => parseCallLogWallTime(text)!;
const utc = (iso: string) => Date.parse(iso);

describe("call log local time → UTC", () => {
  it("reads Five9's TIMESTAMP format and refuses others", () => {
    expect(wall("Sun, 01 Nov 2026 01:30:00")).toBe(Date.UTC(2026, 10, 1, 1, 30));
    expect(parseCallLogWallTime("2026-11-01 01:30")).toBeUndefined();
    expect(parseCallLogWallTime("Sun, 31 Nov 2026 01:30:00")).toBeUndefined();
  });

  it("finds both instants of the repeated autumn hour, and none in the spring gap", () => {
    expect(instantsOfWallTime(wall("Sun, 01 Nov 2026 01:30:00"), LA)).toEqual([utc("2026-11-01T08:30:00Z"), utc("2026-11-01T09:30:00Z")]);
    expect(instantsOfWallTime(wall("Sun, 01 Nov 2026 02:30:00"), LA)).toEqual([utc("2026-11-01T10:30:00Z")]);
    expect(instantsOfWallTime(wall("Sun, 08 Mar 2026 02:30:00"), LA)).toEqual([]);
  });

  it("resolves the fall-back hour by window, then by row order, deterministically", () => {
    const t = wall("Sun, 01 Nov 2026 01:30:00");
    expect(resolveInstant(t, LA, { from: utc("2026-11-01T00:00:00Z"), to: utc("2026-11-01T09:00:00Z") })).toBe(utc("2026-11-01T08:30:00Z"));
    expect(resolveInstant(t, LA, { from: utc("2026-11-01T09:00:00Z"), to: utc("2026-11-02T00:00:00Z") })).toBe(utc("2026-11-01T09:30:00Z"));
    const both = { from: utc("2026-11-01T00:00:00Z"), to: utc("2026-11-02T00:00:00Z") };
    expect(resolveInstant(t, LA, both)).toBe(utc("2026-11-01T08:30:00Z"));
    expect(resolveInstant(t, LA, both, utc("2026-11-01T08:59:00Z"))).toBe(utc("2026-11-01T09:30:00Z"));
    // A spring-gap wall time (Five9 never prints one) moves forward by the gap, like java.time.
    expect(resolveInstant(wall("Sun, 08 Mar 2026 02:30:00"), LA, both)).toBe(utc("2026-03-08T10:30:00Z"));
  });

  it("plans windows that never span a DST change", () => {
    expect(offsetChangesBetween(utc("2026-10-31T00:00:00Z"), utc("2026-11-03T00:00:00Z"), LA)).toEqual([utc("2026-11-01T09:00:00Z")]);
    const windows = planWindows(utc("2026-11-01T00:00:00Z"), utc("2026-11-02T00:00:00Z"), LA, 12 * 3_600_000);
    expect(windows.map((w) => [new Date(w.from).toISOString(), new Date(w.to).toISOString()])).toEqual([
      ["2026-11-01T00:00:00.000Z", "2026-11-01T09:00:00.000Z"],
      ["2026-11-01T09:00:00.000Z", "2026-11-01T21:00:00.000Z"],
      ["2026-11-01T21:00:00.000Z", "2026-11-02T00:00:00.000Z"],
    ]);
  });
});
