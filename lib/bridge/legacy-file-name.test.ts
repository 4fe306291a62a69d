import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ControllableClock } from "../../sim/world/clock";
import { SimWorld } from "../../sim/world/world";
import { isIvrRecording, recordingDayFolder, recordingFileName, transcriptFileName } from "../../sim/legacy/file-naming";
import { formatLegacyPath, parseLegacyPath, type LegacyFileName } from "./legacy-file-name";

const token = fc.stringMatching(/^[A-Za-z0-9.@+-]{1,30}$/);
const nameArb: fc.Arbitrary<LegacyFileName> = fc
  .record({
    campaign: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _&-]{0,30}$/),
    date: fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    customerNumber: token,
    agentUsername: token,
    ivr: fc.boolean(),
    // "IVR" alone would read as the suffix, and Five9 session ids are 32 hex characters.
    sessionId: fc.option(fc.stringMatching(/^[0-9A-F]{32}$/), { nil: null }),
    extension: fc.constantFrom("wav", "json", "txt"),
  })
  .map(({ date, ...r }) => ({
    ...r,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    kind: r.extension === "wav" ? "recording" : "transcript",
  }));

describe("legacy file names", () => {
  it("parse(format(x)) = x for every variant (AM/PM, _IVR, session id, recording or transcript)", () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        const parsed = parseLegacyPath(formatLegacyPath(name));
        expect(parsed).toEqual({ ok: true, name });
      }),
      { numRuns: 2_000 },
    );
  });

  it("reads the documented examples", () => {
    expect(parseLegacyPath("Inbound Sales/3_10_2026/4155550101 by ava.nguyen10@acme.sim @ 12_05_00 AM_IVR_0123456789ABCDEF0123456789ABCDEF.wav")).toEqual({
      ok: true,
      name: { campaign: "Inbound Sales", year: 2026, month: 3, day: 10, hour: 0, minute: 5, second: 0, customerNumber: "4155550101", agentUsername: "ava.nguyen10@acme.sim", ivr: true, sessionId: "0123456789ABCDEF0123456789ABCDEF", kind: "recording", extension: "wav" },
    });
    const noon = parseLegacyPath("Sales/11_1_2026/4155550101 by bo @ 12_00_00 PM.json");
    expect(noon.ok && [noon.name.hour, noon.name.kind, noon.name.sessionId, noon.name.ivr]).toEqual([12, "transcript", null, false]);
  });

  it("says why a name follows no variant", () => {
    const bad = {
      "Sales/3_10_2026/readme.txt": /does not follow/,
      "Sales/13_40_2026/1 by a @ 1_00_00 AM.wav": /not a day/,
      "Sales/2_30_2026/1 by a @ 1_00_00 AM.wav": /not a day/,
      "Sales/3_10_2026/1 by a @ 13_00_00 PM.wav": /valid time/,
      "Sales/3_10_2026/1 by a @ 01_00_00 PM.wav": /valid time/,
      "Sales/3_10_2026/1 by a @ 1_60_00 PM.wav": /valid time/,
      "Sales/3_10_2026/1 by a @ 1_00_00 AM.mp3": /neither a recording/,
      "Sales/3_10_2026/1 by a @ 1_00_00.wav": /does not follow/,
      "3_10_2026/1 by a @ 1_00_00 AM.wav": /path segment/,
      "Sales/3_10_2026/x/1 by a @ 1_00_00 AM.wav": /path segment/,
    };
    for (const [path, reason] of Object.entries(bad)) {
      const result = parseLegacyPath(path);
      expect(result.ok, path).toBe(false);
      if (!result.ok) expect(result.reason, path).toMatch(reason);
    }
  });

  it("parses every name the simulator's exporter writes, back to the call's fields", () => {
    const clock = new ControllableClock({ start: Date.parse("2026-11-02T00:00:00Z"), speed: 0 });
    const world = new SimWorld(7, clock);
    // Los Angeles across the autumn change, and a zone east of UTC.
    const zones = ["America/Los_Angeles", "Asia/Kolkata"];
    let checked = 0;
    for (const timeZone of zones) {
      const domain = world.addDomain(`naming-${timeZone}`, timeZone);
      world.addCalls(domain.id, 2_000, new Date("2026-10-31T00:00:00Z"), new Date("2026-11-02T00:00:00Z"));
      for (const call of world.callsBetween(domain.id, new Date("2026-10-31T00:00:00Z"), new Date("2026-11-02T00:00:00Z"))) {
        for (const [sessionIdNaming, kind] of [[false, "recording"], [true, "recording"], [true, "transcript"]] as const) {
          const ivr = isIvrRecording(call, 0.3);
          const name = (kind === "recording" ? recordingFileName : transcriptFileName)(call, { timeZone, sessionIdNaming, ivr });
          const path = `${call.campaign}/${recordingDayFolder(call, timeZone)}/${name}`;
          const parsed = parseLegacyPath(path);
          expect(parsed.ok, path).toBe(true);
          if (!parsed.ok) continue;
          expect(parsed.name).toMatchObject({
            campaign: call.campaign,
            customerNumber: call.callType === "INBOUND" ? call.ani : call.dnis,
            agentUsername: call.agentUsername ?? "unknown",
            ivr,
            sessionId: sessionIdNaming ? call.sessionId : null,
            kind,
          });
          expect(formatLegacyPath(parsed.name)).toBe(path);
          checked++;
        }
      }
    }
    clock.close();
    expect(checked).toBeGreaterThan(10_000);
  });
});
