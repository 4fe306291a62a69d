// The "ingestion errors" health check: failure share of the last day's runs
// and a stopped media stream, each with what to do.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { ingestionErrorHealth } from "./ingestion-health";

const NOW = Date.parse("2026-11-20T12:00:00Z");

async function runs(tenantId: string, outcomes: string[], at = NOW - 3_600_000) {
  for (const outcome of outcomes) {
    await db().ingestRun.create({ data: { tenantId, kind: "call_log", windowFrom: new Date(at - 3_600_000), windowTo: new Date(at), startedAt: new Date(at), finishedAt: new Date(at), outcome } });
  }
}

describe("ingestion errors check", () => {
  it("passes with few failures, warns above 10 %, fails above half; old runs do not count", async () => {
    const t = await createTenant();
    await runs(t.id, ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]);
    await runs(t.id, ["failed", "failed", "failed"], NOW - 3 * 86_400_000);
    expect(await ingestionErrorHealth(t.id, NOW)).toMatchObject({ status: "pass", message: "0 of 10 ingestion runs failed in the last 24 hours." });
    await runs(t.id, ["failed", "failed"]);
    expect((await ingestionErrorHealth(t.id, NOW)).status).toBe("warn");
    await runs(t.id, ["failed", "failed", "failed", "failed", "failed", "failed", "failed", "stopped", "failed", "failed", "failed"]);
    expect(await ingestionErrorHealth(t.id, NOW)).toMatchObject({ status: "fail", fixHint: expect.stringMatching(/ingestion page/) });
  });

  it("fails with the reason and the fix when recordings are stopped", async () => {
    const t = await createTenant();
    await db().syncCursor.create({ data: { tenantId: t.id, stream: "media", stoppedAt: new Date(NOW), stopKind: "unauthorized", stopReason: "Five9 refused the supervisor credentials" } });
    expect(await ingestionErrorHealth(t.id, NOW)).toMatchObject({ status: "fail", message: expect.stringMatching(/stopped: Five9 refused/), fixHint: expect.stringMatching(/History access/) });
  });
});
