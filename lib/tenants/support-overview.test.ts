import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { supportOverview } from "./support-overview";

describe("support overview", () => {
  it("gives each tenant its own latest health, cursor, stop and stuck items", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const old = await db().healthRun.create({ data: { tenantId: a.id, trigger: "scheduled", startedAt: new Date("2026-11-20T10:00:00Z"), finishedAt: new Date("2026-11-20T10:00:05Z") } });
    await db().healthResult.create({ data: { runId: old.id, tenantId: a.id, checkId: "token", title: "t", status: "fail", message: "m", durationMs: 1 } });
    const latest = await db().healthRun.create({ data: { tenantId: a.id, trigger: "scheduled", startedAt: new Date("2026-11-20T11:00:00Z"), finishedAt: new Date("2026-11-20T11:00:05Z") } });
    await db().healthResult.create({ data: { runId: latest.id, tenantId: a.id, checkId: "token", title: "t", status: "warn", message: "m", durationMs: 1 } });
    await db().syncCursor.create({ data: { tenantId: a.id, stream: "call_log", cursor: new Date("2026-11-20T09:00:00Z") } });
    await db().syncCursor.create({ data: { tenantId: b.id, stream: "media", stoppedAt: new Date() } });
    await db().deadLetter.create({ data: { tenantId: b.id, kind: "media", itemKey: "C1", reason: "r" } });

    const ops = await supportOverview([a.id, b.id]);
    expect(ops.get(a.id)).toEqual({ health: { fail: 0, warn: 1, at: "2026-11-20T11:00:00.000Z" }, cursor: "2026-11-20T09:00:00.000Z", stopped: false, deadLetters: 0, bridge: { line: "APIs only (no FTP export)", gaps: 0 } });
    expect(ops.get(b.id)).toEqual({ health: null, cursor: null, stopped: true, deadLetters: 1, bridge: { line: "APIs only (no FTP export)", gaps: 0 } });
  });
});
