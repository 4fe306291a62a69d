import { describe, expect, it } from "vitest";
import { getReportResultCsvBody, isReportRunningBody, runReportBody, startSoapHarness, type SoapAnswer } from "./soap-test-client";
import { expectFault, soapSimulatorPerFile, type TestDomain } from "./soap-test-harness";

const h = soapSimulatorPerFile(11);
const { newDomain, soap } = h;
describe("rate limits (per domain, simulator clock)", () => {
  const run = (t: TestDomain, baseUrl = h.sim.baseUrl) => soap(t, runReportBody("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"), baseUrl);

  it("runReport: 16 per minute, 120 per hour, 800 per day", async () => {
    const t = newDomain();
    const other = newDomain();
    for (let i = 0; i < 16; i++) expect((await run(t)).status).toBe(200);
    const limited = await run(t);
    expectFault(limited, "Server", "OperationsLimitExceededFault", /16 runReport calls per minute.*try again in 60 s/);
    expect(limited.fault?.detail).toMatchObject({ limit: "16", operationType: "runReport" });
    expect((await run(other)).status).toBe(200);
    h.sim.clock.advance(60_000);
    expect((await run(t)).status).toBe(200);

    // 17 so far this hour; fill to 120 at 15 a minute, then the hour is full.
    for (let count = 17; count < 120; ) {
      h.sim.clock.advance(60_000);
      for (let i = 0; i < 15 && count < 120; i++, count++) expect((await run(t)).status).toBe(200);
    }
    h.sim.clock.advance(60_000);
    expectFault(await run(t), "Server", "OperationsLimitExceededFault", /120 runReport calls per hour/);

    // 120 today; fill to 800 with 120 an hour (16 a minute), then the day is full.
    for (let count = 120; count < 800; ) {
      h.sim.clock.advance(3_600_000);
      for (let minute = 0; minute < 8 && count < 800; minute++) {
        h.sim.clock.advance(60_000);
        for (let i = 0; i < 15 && count < 800; i++, count++) expect((await run(t)).status).toBe(200);
      }
    }
    h.sim.clock.advance(3_600_000);
    expectFault(await run(t), "Server", "OperationsLimitExceededFault", /800 runReport calls per day/);
    h.sim.clock.advance(86_400_000);
    expect((await run(t)).status).toBe(200);
  }, 60_000);

  it("getReportResultCsv: 20 per minute; isReportRunning: 450 per minute", async () => {
    const t = newDomain();
    const id = (await run(t)).value!;
    expect((await soap(t, isReportRunningBody(id, 5))).value).toBe("false");
    for (let i = 0; i < 20; i++) expect((await soap(t, getReportResultCsvBody(id))).status).toBe(200);
    const limited = await soap(t, getReportResultCsvBody(id));
    expectFault(limited, "Server", "OperationsLimitExceededFault", /20 getReportResult\/getReportResultCsv calls per minute/);
    expect(limited.fault?.detail?.operationType).toBe("getReportResult");

    for (let i = 1; i < 450; i++) expect((await soap(t, isReportRunningBody(id, 0))).status).toBe(200);
    expectFault(await soap(t, isReportRunningBody(id, 0)), "Server", "OperationsLimitExceededFault", /450 other calls per minute/);
    h.sim.clock.advance(60_000);
    expect((await soap(t, isReportRunningBody(id, 0))).status).toBe(200);
    expect((await soap(t, getReportResultCsvBody(id))).status).toBe(200);
  }, 60_000);

  it("hour and day windows of every class, with overridden limits; refused calls are not counted", async () => {
    const harness = await startSoapHarness(h.sim, {
      limits: { runReport: { perMinute: 5, perHour: 6, perDay: 8 }, getReportResult: { perMinute: 2, perHour: 3, perDay: 4 }, other: { perMinute: 2, perHour: 3, perDay: 4 } },
    });
    try {
      const t = newDomain();
      const ok = (a: SoapAnswer) => expect(a.status, a.text).toBe(200);
      const limitedFor = (a: SoapAnswer, window: string) => expectFault(a, "Server", "OperationsLimitExceededFault", new RegExp(`per ${window}`));
      const id = (await run(t, harness.baseUrl)).value!;
      const poll = () => soap(t, isReportRunningBody(id, 5), harness.baseUrl);
      const fetchCsv = () => soap(t, getReportResultCsvBody(id), harness.baseUrl);

      ok(await poll());
      ok(await poll());
      limitedFor(await poll(), "minute");
      limitedFor(await poll(), "minute");
      ok(await fetchCsv());
      ok(await fetchCsv());
      limitedFor(await fetchCsv(), "minute");
      h.sim.clock.advance(60_000);
      ok(await poll()); // 3rd this hour: the refused ones did not count
      limitedFor(await poll(), "hour");
      ok(await fetchCsv());
      limitedFor(await fetchCsv(), "hour");
      h.sim.clock.advance(3_600_000);
      ok(await poll());
      limitedFor(await poll(), "day");
      ok(await fetchCsv());
      limitedFor(await fetchCsv(), "day");

      // One runReport two hours ago (the report above); five now fill the minute.
      for (let i = 0; i < 5; i++) ok(await run(t, harness.baseUrl));
      limitedFor(await run(t, harness.baseUrl), "minute");
      h.sim.clock.advance(60_000);
      ok(await run(t, harness.baseUrl));
      limitedFor(await run(t, harness.baseUrl), "hour");
      h.sim.clock.advance(3_600_000);
      ok(await run(t, harness.baseUrl));
      limitedFor(await run(t, harness.baseUrl), "day");
      h.sim.clock.advance(86_400_000);
      ok(await run(t, harness.baseUrl));
    } finally {
      await harness.close();
    }
  });
});

