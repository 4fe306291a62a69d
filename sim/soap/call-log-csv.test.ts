import { describe, expect, it } from "vitest";
import { ControllableClock } from "../world/clock";
import type { SimCall } from "../world/types";
import { makeCall } from "../voicestream/test-fakes";
import { CALL_LOG_COLUMNS, callLength, callLogCsv, callLogTimestamp, csvField, customerName, EXTRA_COLUMN, GARBAGE_FIELD } from "./call-log-csv";
import { SoapRateLimiter } from "./rate-limits";
import { parseSoapRequest } from "./soap-envelope";
import { SoapFault } from "./soap-fault";
import { parseCsv } from "./soap-test-client";
import { parseXsDateTime, wallTimeToUtc } from "./xs-datetime";

const LA = "America/Los_Angeles";

/** One fixed call; the expectations below depend on these values. */
function call(overrides: Partial<SimCall> = {}): SimCall {
  return makeCall({
    callId: "300000000007",
    sessionId: "0123456789ABCDEF0123456789ABCDEF",
    ani: "4155550100",
    dnis: "8005550100",
    startedAt: new Date("2026-11-01T08:30:00Z"),
    durationSec: 3725,
    holds: 1,
    ...overrides,
  });
}

describe("xs:dateTime criteria", () => {
  it("reads offsets, Z and fractions", () => {
    expect(parseXsDateTime("2026-11-01T01:30:00.000-07:00", LA)).toBe(Date.parse("2026-11-01T08:30:00Z"));
    expect(parseXsDateTime("2026-11-01T01:30:00-08:00", LA)).toBe(Date.parse("2026-11-01T09:30:00Z"));
    expect(parseXsDateTime("2026-11-01T09:30:00.250Z", LA)).toBe(Date.parse("2026-11-01T09:30:00.250Z"));
    expect(parseXsDateTime("2026-11-10T05:30:00+05:30", LA)).toBe(Date.parse("2026-11-10T00:00:00Z"));
  });

  it("resolves wall times without offset in the zone: earlier instant in the repeated hour, forward in the gap", () => {
    expect(parseXsDateTime("2026-11-01T01:30:00", LA)).toBe(Date.parse("2026-11-01T08:30:00Z"));
    expect(parseXsDateTime("2026-11-01T02:00:00", LA)).toBe(Date.parse("2026-11-01T10:00:00Z"));
    expect(parseXsDateTime("2026-07-01T12:00:00", LA)).toBe(Date.parse("2026-07-01T19:00:00Z"));
    expect(parseXsDateTime("2026-11-10T05:30:00", "Asia/Kolkata")).toBe(Date.parse("2026-11-10T00:00:00Z"));
    // 2026-03-08 02:30 does not exist in Los Angeles: java.time moves it to 03:30 PDT.
    expect(wallTimeToUtc(Date.UTC(2026, 2, 8, 2, 30), LA)).toBe(Date.parse("2026-03-08T10:30:00Z"));
  });

  it("rejects what is not an xs:dateTime", () => {
    for (const bad of ["", "yesterday", "2026-11-01", "2026-11-01 01:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T00:00:00+15:00"]) {
      expect(parseXsDateTime(bad, LA), bad).toBeUndefined();
    }
  });
});

describe("Call Log CSV", () => {
  it("prints local wall time without offset, the same text for both occurrences of the repeated hour", () => {
    expect(callLogTimestamp(Date.parse("2026-11-01T08:30:00Z"), LA)).toBe("Sun, 01 Nov 2026 01:30:00");
    expect(callLogTimestamp(Date.parse("2026-11-01T09:30:00Z"), LA)).toBe("Sun, 01 Nov 2026 01:30:00");
    expect(callLogTimestamp(Date.parse("2026-11-10T00:00:00Z"), "Asia/Kolkata")).toBe("Tue, 10 Nov 2026 05:30:00");
    expect(callLogTimestamp(Date.parse("2026-01-05T23:59:59Z"), "UTC")).toBe("Mon, 05 Jan 2026 23:59:59");
  });

  it("formats LENGTH as H:MM:SS", () => {
    expect(callLength(0)).toBe("0:00:00");
    expect(callLength(3725)).toBe("1:02:05");
    expect(callLength(59)).toBe("0:00:59");
  });

  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Ava Nguyen, Jr.")).toBe('"Ava Nguyen, Jr."');
    expect(csvField('Ava "Bob" Nguyen')).toBe('"Ava ""Bob"" Nguyen"');
    expect(parseCsv(`a,"b, c","d ""e"""\n`)).toEqual([["a", "b, c", 'd "e"']]);
  });

  it("derives customer names deterministically, some needing quotes", () => {
    const names = Array.from({ length: 400 }, (_, i) => customerName(1, call({ callId: String(300000000000 + i) })));
    expect(names).toEqual(Array.from({ length: 400 }, (_, i) => customerName(1, call({ callId: String(300000000000 + i) }))));
    expect(names.some((n) => n.includes(","))).toBe(true);
    expect(names.some((n) => n.includes('"'))).toBe(true);
  });

  it("writes one row per call; abandoned calls have no agent, skill or recording", () => {
    const abandoned = call({ callId: "300000000008", agentUsername: null, agentName: null, abandoned: true, recorded: false, disposition: "Abandon", skill: null });
    const rows = parseCsv(callLogCsv(1, [call(), abandoned], LA));
    expect(rows[0]).toEqual([...CALL_LOG_COLUMNS]);
    const [recorded, dropped] = rows.slice(1).map((r) => Object.fromEntries(CALL_LOG_COLUMNS.map((c, i) => [c, r[i]])));
    expect(recorded).toMatchObject({ "CALL ID": "300000000007", TIMESTAMP: "Sun, 01 Nov 2026 01:30:00", "CALL TYPE": "Inbound", AGENT: "ava.nguyen10@acme.sim", LENGTH: "1:02:05", ABANDONED: "0", HOLDS: "1" });
    expect(recorded!.RECORDINGS).toBe("4155550100 by ava.nguyen10@acme.sim @ 1_30_00 AM_0123456789ABCDEF0123456789ABCDEF.wav");
    expect(dropped).toMatchObject({ AGENT: "[None]", "AGENT NAME": "", SKILL: "[None]", ABANDONED: "1", RECORDINGS: "" });
  });

  it("applies the CSV faults: an unknown column after CAMPAIGN, a short garbage row", () => {
    const calls = [0, 1, 2].map((i) => call({ callId: String(300000000000 + i) }));
    const extra = parseCsv(callLogCsv(1, calls, LA, { extraColumn: true }));
    expect(extra[0]![4]).toBe(EXTRA_COLUMN);
    expect(extra.every((r) => r.length === CALL_LOG_COLUMNS.length + 1)).toBe(true);
    const broken = parseCsv(callLogCsv(1, calls, LA, { malformedRow: true }));
    expect(broken).toHaveLength(4);
    expect(broken[2]).toEqual(["300000000001", call().sessionId, GARBAGE_FIELD]);
    expect(parseCsv(callLogCsv(1, [], LA, { malformedRow: true }))[1]).toContain(GARBAGE_FIELD);
  });
});

describe("SOAP envelope parsing", () => {
  const fault = (xml: string) => {
    try {
      parseSoapRequest(xml);
    } catch (error) {
      return error as SoapFault;
    }
    throw new Error("expected a fault");
  };

  it("matches local names whatever the prefixes", () => {
    const xml = `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><runReport xmlns="http://service.admin.ws.five9.com/"><folderName xmlns="">Call Log Reports</folderName><reportName>Call Log</reportName></runReport></S:Body></S:Envelope>`;
    expect(parseSoapRequest(xml)).toEqual({
      operation: "runReport",
      namespace: "http://service.admin.ws.five9.com/",
      args: { folderName: "Call Log Reports" },
      ignored: ["{http://service.admin.ws.five9.com/}reportName"],
    });
    const prefixed = `<a:Envelope xmlns:a="http://schemas.xmlsoap.org/soap/envelope/"><a:Body xmlns:b="urn:other"><b:runReport/></a:Body></a:Envelope>`;
    expect(parseSoapRequest(prefixed)).toEqual({ operation: "runReport", namespace: "urn:other", args: {}, ignored: [] });
    expect(parseSoapRequest(`<a:Envelope xmlns:a="http://schemas.xmlsoap.org/soap/envelope/"><a:Body><runReport/></a:Body></a:Envelope>`).namespace).toBe("");
  });

  it("refuses malformed XML, DTDs, other roots, missing bodies and several operations as Client faults", () => {
    const env = (inner: string) => `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">${inner}</s:Envelope>`;
    for (const xml of ["", "<a><b></a>", "not xml", `<!DOCTYPE x [<!ENTITY a "aaa">]><x>&a;</x>`, "<Envelope/><Envelope/>", "<foo/>", env("<s:Header/>"), env("<s:Body><a/><b/></s:Body>"), env("<s:Body/><s:Body/>"), env("<Body><a/></Body>"), env("<s:Body><x:a/></s:Body>")]) {
      const f = fault(xml);
      expect(f.faultCode, xml).toBe("Client");
    }
  });

  it("answers VersionMismatch for an Envelope that is not SOAP 1.1 (SOAP 1.2, or no namespace)", () => {
    for (const [xml, ns] of [
      [`<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><runReport/></e:Body></e:Envelope>`, "http://www.w3.org/2003/05/soap-envelope"],
      ["<Envelope><Body><runReport/></Body></Envelope>", ""],
    ] as const) {
      const f = fault(xml);
      expect(f.faultCode).toBe("VersionMismatch");
      expect(f.message).toBe(`Couldn't create SOAP message. Expecting Envelope in namespace http://schemas.xmlsoap.org/soap/envelope/, but got ${ns}`);
    }
  });
});

describe("rate limiter", () => {
  it("counts sliding windows per domain and class, and does not count refused calls", () => {
    const clock = new ControllableClock({ start: 0, speed: 0 });
    const limiter = new SoapRateLimiter(clock, { other: { perMinute: 2, perHour: 3 } });
    limiter.take("1", "isReportRunning");
    limiter.take("1", "isReportRunning");
    expect(() => limiter.take("1", "isReportRunning")).toThrow(/2 other calls per minute/);
    limiter.take("2", "isReportRunning");
    limiter.take("1", "runReport");
    clock.advance(60_000);
    limiter.take("1", "isReportRunning");
    expect(() => limiter.take("1", "isReportRunning")).toThrow(/3 other calls per hour.*try again in 3540 s/);
    clock.advance(3_600_000);
    limiter.take("1", "isReportRunning");
    clock.close();
  });
});
