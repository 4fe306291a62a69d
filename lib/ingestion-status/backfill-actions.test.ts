// Backfill and dead-letter actions: input checked, every change scoped to the
// caller's workspace, and each one audited.
import { beforeAll, describe, expect, it } from "vitest";
import type { CookieReader } from "../auth/session";
import { db } from "../db";
import { createTenant, createUser } from "../../test/support/fixtures";
import { cookiesFor } from "../../test/support/sessions";
import { controlBackfill, retryDeadLetter, startBackfill, windowOf } from "./backfill-actions";

let a: { id: string; slug: string };
let b: { id: string; slug: string };
let adminA: CookieReader;
let adminB: CookieReader;

beforeAll(async () => {
  a = await db().tenant.create({ data: { slug: "bf-a", name: "A", five9DomainId: "7001", region: "us", status: "installed" } });
  b = await db().tenant.create({ data: { slug: "bf-b", name: "B", five9DomainId: "7002", region: "us", status: "installed" } });
  // A retry reads Five9 again with the saved Five9 user (it is not opened here).
  await db().supervisorCredential.create({ data: { tenantId: a.id, username: "admin", passwordSealed: "not opened in these tests" } });
  adminA = await cookiesFor((await createUser({ tenantIds: [a.id] })).id);
  adminB = await cookiesFor((await createUser({ tenantIds: [b.id] })).id);
  await createTenant("bf-unused");
});

describe("backfill actions", () => {
  it("refuses a reversed, a future and a malformed range with field errors, storing nothing", async () => {
    const reversed = await startBackfill(adminA, { slug: a.slug, from: "2026-11-10", to: "2026-11-01" });
    expect(reversed).toMatchObject({ ok: false, error: { fields: { to: expect.stringMatching(/on or after the first day/) } } });
    const future = await startBackfill(adminA, { slug: a.slug, from: "2026-11-01", to: "2099-01-01" });
    expect(future).toMatchObject({ ok: false, error: { fields: { to: expect.stringMatching(/today or an earlier day/) } } });
    const malformed = await startBackfill(adminA, { slug: a.slug, from: "last week", to: "" });
    expect(malformed).toMatchObject({ ok: false, error: { code: "validation_failed", fields: { from: expect.any(String), to: expect.any(String) } } });
    expect(await db().backfill.count({ where: { tenantId: a.id } })).toBe(0);
  });

  it("one workspace cannot pause, resume or cancel another's backfill", async () => {
    const theirs = await db().backfill.create({ data: { tenantId: b.id, from: new Date("2026-10-01"), to: new Date("2026-10-03"), totalParts: 2, status: "running" } });
    for (const command of ["pause", "resume", "cancel"] as const) {
      expect(await controlBackfill(adminA, { slug: a.slug, backfillId: theirs.id, command })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await controlBackfill(adminA, { slug: b.slug, backfillId: theirs.id, command })).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    expect((await db().backfill.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("running");
    const paused = await controlBackfill(adminB, { slug: b.slug, backfillId: theirs.id, command: "pause" });
    expect(paused).toMatchObject({ ok: true, data: { status: "paused" } });
    expect(await db().auditLog.count({ where: { tenantId: b.id, action: "backfill.pause" } })).toBe(1);
  });

  it("a dead letter of another workspace cannot be retried", async () => {
    const theirs = await db().deadLetter.create({ data: { tenantId: b.id, kind: "call_log_window", itemKey: "2026-10-01T00:00:00.000Z–2026-10-01T06:00:00.000Z", reason: "could not be read" } });
    expect(await retryDeadLetter(adminA, { slug: a.slug, deadLetterId: theirs.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db().backfill.count({ where: { tenantId: a.id } })).toBe(0);
  });

  it("retrying a row's dead letter starts a backfill of the window it came from", async () => {
    const row = await db().deadLetter.create({ data: { tenantId: a.id, kind: "call_log_row", itemKey: "C42", five9CallId: "C42", reason: "Malformed call log row", windowFrom: new Date("2026-10-05T00:00:00Z"), windowTo: new Date("2026-10-05T06:00:00Z") } });
    const result = await retryDeadLetter(adminA, { slug: a.slug, deadLetterId: row.id });
    if (!result.ok) throw new Error(result.error.message);
    const backfill = await db().backfill.findUniqueOrThrow({ where: { id: result.data.backfillId! }, include: { parts: true } });
    expect(backfill).toMatchObject({ tenantId: a.id, from: new Date("2026-10-05T00:00:00Z"), to: new Date("2026-10-05T06:00:00Z"), totalParts: 1 });
    expect(await db().auditLog.count({ where: { tenantId: a.id, action: "dead_letter.retried", target: "C42" } })).toBe(1);
  });

  it("knows the window of a dead letter from its key or reason, and says when it cannot", () => {
    expect(windowOf({ itemKey: "2026-10-01T00:00:00.000Z–2026-10-01T06:00:00.000Z", reason: "" })).toEqual({ from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-01T06:00:00Z") });
    expect(windowOf({ itemKey: "C123", reason: "Malformed call log row" })).toBeNull();
    expect(windowOf({ itemKey: "C123", reason: "Malformed call log row", windowFrom: new Date("2026-10-02T00:00:00Z"), windowTo: new Date("2026-10-02T04:00:00Z") })).toEqual({ from: new Date("2026-10-02T00:00:00Z"), to: new Date("2026-10-02T04:00:00Z") });
  });
});
