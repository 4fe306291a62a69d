import { describe, expect, it } from "vitest";
import { parseCallLogCsv } from "./parse-call-log";

const HEADER = "CALL ID,SESSION ID,TIMESTAMP,CAMPAIGN,CALL TYPE,AGENT,AGENT NAME,SKILL,DISPOSITION,ANI,DNIS,CUSTOMER NAME,LENGTH,TRANSFERS,HOLDS,ABANDONED,RECORDINGS";
const window = { from: Date.parse("2026-11-19T00:00:00Z"), to: Date.parse("2026-11-21T00:00:00Z") };

describe("parseCallLogCsv", () => {
  it("reads quoted fields, [None], lengths, and converts to UTC", () => {
    const csv = `${HEADER}\n300000000001,ABC,"Thu, 19 Nov 2026 09:15:00",Inbound Sales,Inbound,[None],,[None],Abandon,5551234567,8005550100,"Zoe ""Kat"" Chen, Jr.",0:00:42,0,0,1,\n`;
    const { calls, rejected, rowCount } = parseCallLogCsv(csv, window, "America/Los_Angeles");
    expect(rejected).toEqual([]);
    expect(rowCount).toBe(1);
    expect(calls[0]).toMatchObject({ five9CallId: "300000000001", agentUsername: null, skill: null, durationSeconds: 42, startedAt: new Date("2026-11-19T17:15:00Z"), endedAt: new Date("2026-11-19T17:15:42Z") });
    expect(calls[0]!.raw["CUSTOMER NAME"]).toBe('Zoe "Kat" Chen, Jr.');
  });

  it("rejects short rows and bad values with the call id and keeps the rest", () => {
    const good = `300000000002,DEF,"Thu, 19 Nov 2026 10:00:00",Support,Inbound,ann,Ann B,Billing,Resolved,1,2,Bob,1:02:05,0,1,0,x.wav`;
    const csv = `${HEADER}\n300000000001,ABC,#GARBAGE#\n${good}\n300000000003,GHI,yesterday,Support,Inbound,ann,Ann B,Billing,Resolved,1,2,Bob,0:01:00,0,0,0,\n`;
    const { calls, rejected, rowCount } = parseCallLogCsv(csv, window, "America/Los_Angeles");
    expect(rowCount).toBe(3);
    expect(calls.map((c) => c.five9CallId)).toEqual(["300000000002"]);
    expect(calls[0]!.durationSeconds).toBe(3725);
    expect(rejected.map((r) => [r.five9CallId, r.line])).toEqual([["300000000001", 2], ["300000000003", 4]]);
    expect(rejected[1]!.reason).toMatch(/TIMESTAMP "yesterday"/);
  });

  it("reports unknown columns and reads by name wherever they are", () => {
    const header = HEADER.replace("CAMPAIGN,", "CAMPAIGN,CALL SURVEY SCORE,");
    const csv = `${header}\n300000000004,JKL,"Thu, 19 Nov 2026 11:00:00",Support,4,Outbound,ann,Ann B,[None],Sale,1,2,Bob,0:10:00,0,0,0,\n`;
    const { calls, unknownColumns } = parseCallLogCsv(csv, window, "America/Los_Angeles");
    expect(unknownColumns).toEqual(["CALL SURVEY SCORE"]);
    expect(calls[0]).toMatchObject({ campaign: "Support", callType: "Outbound", skill: null });
  });

  it("treats an empty answer as no rows, and a header without CALL ID as an error", () => {
    expect(parseCallLogCsv(`${HEADER}\n`, window, "UTC").rowCount).toBe(0);
    expect(() => parseCallLogCsv("A,B\n1,2\n", window, "UTC")).toThrow(/no CALL ID, TIMESTAMP column/);
  });
});
