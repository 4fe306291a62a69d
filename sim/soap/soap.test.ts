import { describe, expect, it } from "vitest";
import { startSimulator } from "../server";
import { CALL_LOG_COLUMNS, callLogTimestamp, EXTRA_COLUMN, GARBAGE_FIELD } from "./call-log-csv";
import { SOAP_PATH } from "./routes";
import { basic, csvRecords, envelope, getReportResultCsvBody, isReportRunningBody, parseCsv, postSoap, runReportBody, startSoapHarness } from "./soap-test-client";
import { expectFault, NOW, soapSimulatorPerFile } from "./soap-test-harness";

const h = soapSimulatorPerFile(11);
const { newDomain, soap, callLog } = h;
describe("Call Log report: run, poll, fetch", () => {
  it("answers the Five9 wire shapes and rows equal the ground truth", async () => {
    const t = newDomain();
    h.sim.world.addCalls(t.domain.id, 300, new Date("2026-11-10T08:00:00Z"), new Date("2026-11-11T08:00:00Z"));
    const run = await soap(t, runReportBody("2026-11-10T00:00:00.000-08:00", "2026-11-11T00:00:00.000-08:00"));
    expect(run.status).toBe(200);
    expect(run.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(run.text).toContain('<ns2:runReportResponse xmlns:ns2="http://service.admin.ws.five9.com/"><return>');
    expect(run.value).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    const started = Date.now();
    const poll = await soap(t, isReportRunningBody(run.value!, 5));
    expect(poll.value).toBe("false");
    expect(Date.now() - started).toBeLessThan(2_000);
    const result = await soap(t, getReportResultCsvBody(run.value!));
    expect(result.text).toContain("<ns2:getReportResultCsvResponse");

    const rows = parseCsv(result.value!);
    expect(rows[0]).toEqual([...CALL_LOG_COLUMNS]);
    const truth = h.sim.world.finishedCallsBetween(t.domain.id, new Date("2026-11-10T08:00:00Z"), new Date("2026-11-11T08:00:00Z"));
    expect(truth).toHaveLength(300);
    const records = csvRecords(result.value!);
    expect(records.map((r) => r["CALL ID"])).toEqual(truth.map((c) => c.callId));
    records.forEach((r, i) => {
      const c = truth[i]!;
      expect(r).toMatchObject({
        "SESSION ID": c.sessionId,
        TIMESTAMP: callLogTimestamp(c.startedAt.getTime(), "America/Los_Angeles"),
        CAMPAIGN: c.campaign,
        "CALL TYPE": c.callType === "INBOUND" ? "Inbound" : "Outbound",
        AGENT: c.agentUsername ?? "[None]",
        "AGENT NAME": c.agentName ?? "",
        DISPOSITION: c.disposition,
        ANI: c.ani,
        DNIS: c.dnis,
        TRANSFERS: String(c.transfers),
        HOLDS: String(c.holds),
        ABANDONED: c.abandoned ? "1" : "0",
      });
      const [h, m, s] = r.LENGTH!.split(":").map(Number);
      expect(h! * 3600 + m! * 60 + s!).toBe(c.durationSec);
      expect(r.RECORDINGS === "").toBe(!c.recorded);
      if (c.recorded) expect(r.RECORDINGS).toContain(`_${c.sessionId}.wav`);
    });
    // Quoted names (commas) survive the round trip; every row has every column.
    expect(records.some((r) => r["CUSTOMER NAME"]!.includes(", Jr."))).toBe(true);
    expect(rows.every((r) => r.length === CALL_LOG_COLUMNS.length)).toBe(true);

    const again = await soap(t, getReportResultCsvBody(run.value!));
    expect(again.value).toBe(result.value);
  });

  it("reports only calls ended by simulated now, frozen at run time", async () => {
    const t = newDomain();
    h.sim.world.addCalls(t.domain.id, 200, new Date(NOW - 3_600_000), new Date(NOW + 3_600_000));
    const run = await soap(t, runReportBody(new Date(NOW - 7_200_000).toISOString(), new Date(NOW + 7_200_000).toISOString()));
    h.sim.clock.advance(2 * 3_600_000);
    h.sim.world.addCalls(t.domain.id, 50, new Date(NOW - 3_600_000), new Date(NOW));
    await soap(t, isReportRunningBody(run.value!, 5));
    const ids = csvRecords((await soap(t, getReportResultCsvBody(run.value!))).value!).map((r) => r["CALL ID"]);
    const all = h.sim.world.callsBetween(t.domain.id, new Date(NOW - 3_600_000), new Date(NOW + 3_600_000)).filter((c) => c.callId < "300010000000");
    const ended = all.filter((c) => c.startedAt.getTime() + c.durationSec * 1000 <= NOW);
    expect(ended.length).toBeGreaterThan(50);
    expect(ended.length).toBeLessThan(all.length);
    expect(ids).toEqual(ended.map((c) => c.callId));
    // A new run now sees the later calls and the ones that ended since.
    const later = csvRecords(await callLog(t, new Date(NOW - 7_200_000).toISOString(), new Date(NOW + 7_200_000).toISOString()));
    expect(later).toHaveLength(250);
  });

  it("answers ResultIsNotReadyFault while running; isReportRunning long-polls up to its timeout (capped)", async () => {
    const harness = await startSoapHarness(h.sim, { reportRunMs: 60_000, maxPollWaitSeconds: 1 });
    try {
      const t = newDomain();
      const id = (await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"), harness.baseUrl)).value!;
      expectFault(await soap(t, getReportResultCsvBody(id), harness.baseUrl), "Server", "ResultIsNotReadyFault", /still running/);
      expect((await soap(t, isReportRunningBody(id, 0), harness.baseUrl)).value).toBe("true");
      const started = Date.now();
      expect((await soap(t, isReportRunningBody(id, 600), harness.baseUrl)).value).toBe("true");
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await harness.close();
    }
  });

  it("keeps results 24 simulated hours and only for the domain that ran them", async () => {
    const t = newDomain();
    const other = newDomain();
    const id = (await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))).value!;
    await soap(t, isReportRunningBody(id, 5));
    expectFault(await soap(other, getReportResultCsvBody(id)), "Server", "UnknownIdentifierFault");
    expectFault(await soap(t, getReportResultCsvBody("no-such-report")), "Server", "UnknownIdentifierFault", /no-such-report/);
    expectFault(await soap(t, isReportRunningBody("no-such-report", 0)), "Server", "UnknownIdentifierFault");
    h.sim.clock.advance(23 * 3_600_000);
    expect((await soap(t, getReportResultCsvBody(id))).status).toBe(200);
    h.sim.clock.advance(2 * 3_600_000);
    expectFault(await soap(t, getReportResultCsvBody(id)), "Server", "UnknownIdentifierFault");
  });
});

describe("time zones", () => {
  it("DST fall-back in Los Angeles: both 01:xx hours are reported, offsets pick one, bare wall times mean the earlier", async () => {
    const t = newDomain("America/Los_Angeles");
    h.sim.world.addCalls(t.domain.id, 240, new Date("2026-11-01T07:30:00Z"), new Date("2026-11-01T10:30:00Z"));
    const truth = (from: string, to: string) => h.sim.world.finishedCallsBetween(t.domain.id, new Date(from), new Date(to)).map((c) => c.callId);

    const pdt = csvRecords(await callLog(t, "2026-11-01T01:00:00.000-07:00", "2026-11-01T02:00:00.000-07:00"));
    const pst = csvRecords(await callLog(t, "2026-11-01T01:00:00.000-08:00", "2026-11-01T02:00:00.000-08:00"));
    expect(pdt.map((r) => r["CALL ID"])).toEqual(truth("2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z"));
    expect(pst.map((r) => r["CALL ID"])).toEqual(truth("2026-11-01T09:00:00Z", "2026-11-01T10:00:00Z"));
    expect(pdt.length).toBeGreaterThan(50);
    expect(pst.length).toBeGreaterThan(50);
    for (const r of [...pdt, ...pst]) expect(r.TIMESTAMP).toMatch(/^Sun, 01 Nov 2026 01:\d\d:\d\d$/);
    // The same wall-clock minute appears in both hours: the CSV alone cannot tell them apart.
    const minutes = (rows: Record<string, string>[]) => new Set(rows.map((r) => r.TIMESTAMP!.slice(0, 22)));
    expect([...minutes(pdt)].some((m) => minutes(pst).has(m))).toBe(true);

    const bare = csvRecords(await callLog(t, "2026-11-01T01:00:00", "2026-11-01T02:00:00"));
    expect(bare.map((r) => r["CALL ID"])).toEqual(truth("2026-11-01T08:00:00Z", "2026-11-01T10:00:00Z"));
  });

  it("uses the domain's own zone (Asia/Kolkata, +05:30) for TIMESTAMP and bare criteria", async () => {
    const t = newDomain("Asia/Kolkata");
    h.sim.world.addCalls(t.domain.id, 60, new Date("2026-11-10T00:00:00Z"), new Date("2026-11-10T06:00:00Z"));
    const records = csvRecords(await callLog(t, "2026-11-10T05:30:00", "2026-11-10T08:30:00"));
    const truth = h.sim.world.finishedCallsBetween(t.domain.id, new Date("2026-11-10T00:00:00Z"), new Date("2026-11-10T03:00:00Z"));
    expect(records.map((r) => r["CALL ID"])).toEqual(truth.map((c) => c.callId));
    records.forEach((r, i) => {
      // Oracle independent of the simulator's formatter: shift by +05:30 and print as UTC.
      const expected = new Date(truth[i]!.startedAt.getTime() + 5.5 * 3_600_000).toUTCString().replace(" GMT", "");
      expect(r.TIMESTAMP).toBe(expected);
    });
  });
});

describe("50,000-row cap", () => {
  it("holds the first 50,000 rows in timestamp order", async () => {
    const t = newDomain();
    h.sim.world.addCalls(t.domain.id, 60_000, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z"));
    const text = await callLog(t, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z");
    const rows = parseCsv(text);
    expect(rows).toHaveLength(50_001);
    const truth = h.sim.world.finishedCallsBetween(t.domain.id, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z"));
    expect(truth).toHaveLength(60_000);
    expect(rows[1]![0]).toBe(truth[0]!.callId);
    expect(rows[50_000]![0]).toBe(truth[49_999]!.callId);
  }, 60_000);

  it("uses the maxRows option", async () => {
    const harness = await startSoapHarness(h.sim, { maxRows: 10 });
    try {
      const t = newDomain();
      h.sim.world.addCalls(t.domain.id, 40, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z"));
      const records = csvRecords(await callLog(t, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z", harness.baseUrl));
      expect(records.map((r) => r["CALL ID"])).toEqual(h.sim.world.finishedCallsBetween(t.domain.id, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z")).slice(0, 10).map((c) => c.callId));
    } finally {
      await harness.close();
    }
  });
});

describe("auth and domain state", () => {
  it("answers 401 with a Basic challenge for missing or wrong credentials", async () => {
    const t = newDomain();
    const admin = t.domain.users.find((u) => u.role === "admin")!;
    for (const authorization of [undefined, basic(admin.username, "wrong"), basic("nobody@nowhere.sim", "x"), "Bearer abc", "Basic !!!"]) {
      const res = await postSoap(h.sim.baseUrl, authorization, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="five9"');
    }
  });

  it("refuses a user who is not an admin with AccessDisallowedFault", async () => {
    const t = newDomain();
    for (const role of ["supervisor", "agent"] as const) {
      const user = t.domain.users.find((u) => u.role === role)!;
      expectFault(await postSoap(h.sim.baseUrl, basic(user.username, user.password), runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")), "Server", "AccessDisallowedFault", /not an administrator/);
    }
  });

  it("answers 435 for a migrated domain", async () => {
    const t = newDomain();
    t.domain.migrated = true;
    const res = await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"));
    expect(res.status).toBe(435);
  });
});

describe("bad requests never crash the service", () => {
  it("answers soap:Client faults for malformed XML, other documents, unknown operations", async () => {
    const t = newDomain();
    expectFault(await soap(t, "<soapenv:Envelope><soapenv:Body>"), "Client", undefined, /Malformed XML/);
    expectFault(await soap(t, ""), "Client", undefined, /empty/);
    expectFault(await soap(t, "<html><body>hi</body></html>"), "Client", undefined, /Envelope/);
    expectFault(await soap(t, `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><Envelope/>`), "Client", undefined, /DTD/);
    expectFault(await soap(t, envelope("deleteAllUsers", "")), "Client", undefined, /^Cannot find dispatch method for \{http:\/\/service\.admin\.ws\.five9\.com\/\}deleteAllUsers \(Unknown operation deleteAllUsers/);
    expectFault(await soap(t, envelope("constructor", "")), "Client");
    // The service still works afterwards.
    expect((await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))).status).toBe(200);
  });

  it("accepts any namespace prefixes; arguments must be unqualified, as Five9's schema has them", async () => {
    const t = newDomain();
    const args = "<folderName>Call Log Reports</folderName><reportName>Call Log</reportName><criteria><time><start>2026-11-01T00:00:00Z</start><end>2026-11-02T00:00:00Z</end></time></criteria>";
    const xml = `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><f9:runReport xmlns:f9="http://service.admin.ws.five9.com/">${args}</f9:runReport></S:Body></S:Envelope>`;
    expect((await soap(t, xml)).value).toBeDefined();
    // A default xmlns on the operation qualifies its children too: JAX-WS skips them, the argument is missing.
    const defaultNs = `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><runReport xmlns="http://service.admin.ws.five9.com/">${args}</runReport></S:Body></S:Envelope>`;
    expectFault(await soap(t, defaultNs), "Client", "MissedArgumentFault", /"folderName" is missing \(ignored, being in a namespace: \{http:\/\/service\.admin\.ws\.five9\.com\/\}folderName/);
    // The same deeper down: a qualified <time> inside criteria is skipped.
    const deep = envelope("runReport", "<folderName>Call Log Reports</folderName><reportName>Call Log</reportName><criteria><ser:time><start>2026-11-01T00:00:00Z</start><end>2026-11-02T00:00:00Z</end></ser:time></criteria>");
    expectFault(await soap(t, deep), "Client", "MissedArgumentFault", /criteria\.time/);
    // Unqualified children under a default xmlns reset with xmlns="" are fine.
    const reset = `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><runReport xmlns="http://service.admin.ws.five9.com/"><folderName xmlns="">Call Log Reports</folderName><reportName xmlns="">Call Log</reportName><criteria xmlns=""><time><start>2026-11-01T00:00:00Z</start><end>2026-11-02T00:00:00Z</end></time></criteria></runReport></S:Body></S:Envelope>`;
    expect((await soap(t, reset)).value).toBeDefined();
  });

  it("checks runReport and poll arguments", async () => {
    const t = newDomain();
    expectFault(await soap(t, envelope("runReport", "<folderName>Call Log Reports</folderName><reportName>Call Log</reportName>")), "Client", "MissedArgumentFault", /criteria/);
    expectFault(await soap(t, envelope("runReport", "<reportName>Call Log</reportName><criteria><time><start>2026-11-01T00:00:00Z</start><end>2026-11-02T00:00:00Z</end></time></criteria>")), "Client", "MissedArgumentFault", /folderName/);
    expectFault(await soap(t, envelope("runReport", "<folderName>Call Log Reports</folderName><reportName>Call Log</reportName><criteria><time><start>2026-11-01T00:00:00Z</start></time></criteria>")), "Client", "MissedArgumentFault", /criteria\.time\.end/);
    expectFault(await soap(t, runReportBody("last tuesday", "2026-11-02T00:00:00Z")), "Client", "IncorrectArgumentFault", /criteria\.time\.start is not an xs:dateTime/);
    expectFault(await soap(t, runReportBody("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z")), "Client", "InvalidDateRangeFault", /start must precede/);
    expectFault(await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z")), "Client", "InvalidDateRangeFault");
    const notFound = await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "Agent Reports", "Agent Login-Logout"));
    expectFault(notFound, "Server", "ReportNotFoundFault", /Agent Login-Logout/);
    expect(notFound.fault?.detail).toMatchObject({ folder: "Agent Reports", reportName: "Agent Login-Logout" });
    expectFault(await soap(t, envelope("isReportRunning", "<identifier>x</identifier><timeout>soon</timeout>")), "Client", "IncorrectArgumentFault", /timeout/);
    expectFault(await soap(t, envelope("isReportRunning", "<identifier>x</identifier>")), "Client", "MissedArgumentFault", /timeout/);
    expectFault(await soap(t, envelope("getReportResultCsv", "")), "Client", "MissedArgumentFault", /identifier/);
    expectFault(await soap(t, envelope("getReportResultCsv", "<identifier>a</identifier><identifier>b</identifier>")), "Client", undefined, /single text value/);
  });
});

describe("faults", () => {
  it("corrupts one row (malformed_csv_row) once, then answers clean CSV", async () => {
    const t = newDomain();
    h.sim.world.addCalls(t.domain.id, 30, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z"));
    h.sim.faults.add({ domainId: t.domain.id, type: "malformed_csv_row", count: 1 });
    const broken = parseCsv(await callLog(t, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z"));
    const bad = broken.filter((r) => r.length !== CALL_LOG_COLUMNS.length);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain(GARBAGE_FIELD);
    expect(broken).toHaveLength(31);
    const clean = parseCsv(await callLog(t, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z"));
    expect(clean.every((r) => r.length === CALL_LOG_COLUMNS.length)).toBe(true);
  });

  it("adds an unknown column (extra_csv_column) only for the faulted domain", async () => {
    const t = newDomain();
    const other = newDomain();
    h.sim.faults.add({ domainId: t.domain.id, type: "extra_csv_column" });
    h.sim.world.addCalls(t.domain.id, 5, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z"));
    const rows = parseCsv(await callLog(t, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z"));
    expect(rows[0]!.indexOf(EXTRA_COLUMN)).toBe(4);
    expect(rows.every((r) => r.length === CALL_LOG_COLUMNS.length + 1)).toBe(true);
    expect(parseCsv(await callLog(other, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z"))[0]).toEqual([...CALL_LOG_COLUMNS]);
  });

  it("applies request-level faults on the SOAP path (endpoint prefix, no domainId)", async () => {
    const t = newDomain();
    h.sim.faults.add({ endpoint: "/wsadmin", type: "status", status: 503, count: 1 });
    expect((await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))).status).toBe(503);
    expect((await soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))).status).toBe(200);
    h.sim.faults.add({ endpoint: SOAP_PATH, type: "reset", count: 1 });
    await expect(soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"))).rejects.toThrow();
  });
});

describe("determinism", () => {
  it("same seed → identical CSV; another seed → different", async () => {
    const csvFor = async (seed: number) => {
      const other = await startSimulator({ seed, clock: { start: NOW, speed: 0 } });
      try {
        const domain = other.world.addDomain("Acme");
        other.world.addCalls(domain.id, 200, new Date("2026-11-05T00:00:00Z"), new Date("2026-11-06T00:00:00Z"));
        const admin = domain.users.find((u) => u.role === "admin")!;
        return await callLog({ domain, auth: basic(admin.username, admin.password) }, "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z", other.baseUrl);
      } finally {
        await other.close();
      }
    };
    const first = await csvFor(5);
    expect(await csvFor(5)).toBe(first);
    expect(await csvFor(6)).not.toBe(first);
  });
});
