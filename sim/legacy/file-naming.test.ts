import { describe, expect, it } from "vitest";
import { makeCall } from "../voicestream/test-fakes";
import { isIvrRecording, localDayRangeUtc, parseDayFolder, recordingDayFolder, recordingFileName, timeOfDayName } from "./file-naming";

const LA = "America/Los_Angeles";

describe("legacy file naming", () => {
  it("names an inbound call by ANI, agent and local start time", () => {
    const call = makeCall({ startedAt: new Date("2026-03-10T17:05:03Z"), ani: "4155550101" });
    expect(recordingFileName(call, { timeZone: LA, sessionIdNaming: false, ivr: false })).toBe("4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM.wav");
    expect(recordingDayFolder(call, LA)).toBe("3_10_2026");
  });

  it("names an outbound call by DNIS and files it under the local date, not the UTC one", () => {
    const call = makeCall({ callType: "OUTBOUND", ani: "8005550100", dnis: "4155550123", startedAt: new Date("2026-03-11T06:30:00Z") });
    expect(recordingFileName(call, { timeZone: LA, sessionIdNaming: false, ivr: false })).toBe("4155550123 by ava.nguyen10@acme.sim @ 11_30_00 PM.wav");
    expect(recordingDayFolder(call, LA)).toBe("3_10_2026");
  });

  it("adds the _IVR and _<sessionId> suffixes in that order", () => {
    const call = makeCall({ sessionId: "0123456789ABCDEF0123456789ABCDEF" });
    expect(recordingFileName(call, { timeZone: LA, sessionIdNaming: true, ivr: true })).toBe(
      "4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM_IVR_0123456789ABCDEF0123456789ABCDEF.wav",
    );
  });

  it("writes midnight and noon as 12 on a 12-hour clock", () => {
    expect(timeOfDayName({ hour: 0, minute: 7, second: 9 })).toBe("12_07_09 AM");
    expect(timeOfDayName({ hour: 12, minute: 0, second: 0 })).toBe("12_00_00 PM");
    expect(timeOfDayName({ hour: 23, minute: 59, second: 59 })).toBe("11_59_59 PM");
  });

  it("gives local days of 23 and 25 hours across DST changes", () => {
    const spring = localDayRangeUtc(2026, 3, 8, LA);
    expect(new Date(spring.from).toISOString()).toBe("2026-03-08T08:00:00.000Z");
    expect((spring.to - spring.from) / 3_600_000).toBe(23);
    const autumn = localDayRangeUtc(2026, 11, 1, LA);
    expect(new Date(autumn.from).toISOString()).toBe("2026-11-01T07:00:00.000Z");
    expect((autumn.to - autumn.from) / 3_600_000).toBe(25);
  });

  it("parses day folders and rejects impossible dates", () => {
    expect(parseDayFolder("3_10_2026")).toEqual({ year: 2026, month: 3, day: 10 });
    expect(parseDayFolder("2_30_2026")).toBeUndefined();
    expect(parseDayFolder("03-10-2026")).toBeUndefined();
  });

  it("marks a deterministic share of inbound recordings as IVR and never outbound ones", () => {
    const inbound = Array.from({ length: 2000 }, () => makeCall());
    const share = inbound.filter((c) => isIvrRecording(c, 0.1)).length / inbound.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.15);
    expect(isIvrRecording(makeCall({ callType: "OUTBOUND" }), 1)).toBe(false);
  });
});
