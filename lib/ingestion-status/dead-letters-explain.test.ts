// Dead letters explain themselves: the reason says what Five9 answered and the
// item links to its call; recording and transcript runs show in Recent runs;
// Retry does what it says (a media run, or a backfill listed under Backfills)
// and a double click retries once and audits once. Real Postgres, the simulator.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { syncCallLog } from "../ingest/call-log/sync-call-log";
import { drainMedia, ingestMedia } from "../ingest/media/ingest-media";
import { recordMediaRun } from "../ingest/media/media-run";
import { SupervisorClient } from "../ingest/recordings/supervisor-client";
import { createUser } from "../../test/support/fixtures";
import { fastSync, SIM_NOW, simulatorPerFile, tenantWithDomain } from "../../test/support/ingest";
import { cookiesFor } from "../../test/support/sessions";
import { retryDeadLetter } from "./backfill-actions";
import { ingestionStatus } from "./ingestion-status";

const HOUR = 3_600_000;
const ctx = simulatorPerFile({ seed: 47 });

async function adminOf(tenantId: string) {
  const cookies = await cookiesFor((await createUser({ tenantIds: [tenantId] })).id);
  const slug = (await db().tenant.findUniqueOrThrow({ where: { id: tenantId } })).slug;
  return { cookies, slug };
}

describe("dead letters", () => {
  it("say what Five9 answered, link to the call, and the media run shows in Recent runs; a double-clicked Retry retries once", async () => {
    const { sim } = ctx;
    const t = await tenantWithDomain(sim);
    sim.world.addCalls(t.domain.id, 6, new Date(SIM_NOW - 6 * HOUR), new Date(SIM_NOW - HOUR));
    expect((await syncCallLog(t.tenantId, fastSync(sim))).outcome).toBe("ok");
    const userId = t.domain.users.find((u) => u.role === "admin")!.id;
    sim.faults.add({ domainId: t.domain.id, endpoint: `/supsvcs/rs/svc/supervisors/${userId}/recordings/`, type: "status", status: 500 });
    const client = new SupervisorClient({ region: "us", credentials: t.admin, retry: { attempts: 2, baseMs: 5, maxMs: 10 } });
    const result = await recordMediaRun(t.tenantId, () => drainMedia(t.tenantId, { ingest: (id, o) => ingestMedia(id, { ...o, client }) }));
    sim.faults.clear();
    expect(result.totals.failed).toBeGreaterThan(0);

    const status = await ingestionStatus(t.tenantId);
    expect(status.deadLetters.length).toBe(result.totals.failed);
    for (const letter of status.deadLetters) {
      expect(letter.reason).toBe("Five9 answered 500 on the recording download");
      const call = await db().call.findUniqueOrThrow({ where: { id: letter.callId! } });
      expect(call.five9CallId).toBe(letter.five9CallId);
    }
    const mediaRun = status.runs.find((r) => r.kind === "media");
    expect(mediaRun).toMatchObject({ outcome: "ok", counts: expect.objectContaining({ failed: result.totals.failed }) });
    expect(mediaRun?.error).toMatch(/failed; see the dead letters/);

    // Double click: two retries at once start one media run and write one audit entry.
    const admin = await adminOf(t.tenantId);
    const letter = status.deadLetters[0]!;
    const [a, b] = await Promise.all([retryDeadLetter(admin.cookies, { slug: admin.slug, deadLetterId: letter.id }), retryDeadLetter(admin.cookies, { slug: admin.slug, deadLetterId: letter.id })]);
    const answers = [a, b].map((r) => (r.ok ? r.data : null));
    expect(answers).toEqual(expect.arrayContaining([{ kind: "media", backfillId: null, alreadyQueued: false }, { kind: "media", backfillId: null, alreadyQueued: true }]));
    expect(await db().auditLog.count({ where: { tenantId: t.tenantId, action: "dead_letter.retried" } })).toBe(1);
    const jobs = await db().$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pgboss.job WHERE name = 'ingest.media' AND data->>'tenantId' = $1`, t.tenantId);
    expect(jobs).toHaveLength(1);
    expect((await ingestionStatus(t.tenantId)).deadLetters.find((d) => d.id === letter.id)?.attempts).toBe(0);
  }, 120_000);

  it("a call log window that keeps failing says what Five9 answered", async () => {
    const { sim } = ctx;
    const t = await tenantWithDomain(sim);
    sim.faults.add({ endpoint: "/wsadmin", type: "status", status: 400 });
    const sync = await syncCallLog(t.tenantId, fastSync(sim, { initialLookbackMs: 2 * HOUR, windowAttempts: 2 }));
    sim.faults.clear();
    expect(sync.outcome).toBe("failed");
    const [letter] = (await ingestionStatus(t.tenantId)).deadLetters;
    expect(letter).toMatchObject({ kind: "call_log_window", callId: null });
    expect(letter!.reason).toMatch(/^Five9 answered 400 on the call log report for .+ \(2 tries\)$/);
  });

  it("a call log item's retry is a backfill that shows under Backfills, started once for a double click", async () => {
    const t = await tenantWithDomain(ctx.sim);
    const row = await db().deadLetter.create({ data: { tenantId: t.tenantId, kind: "call_log_window", itemKey: "2026-11-19T00:00:00.000Z–2026-11-19T06:00:00.000Z", reason: "could not be read", windowFrom: new Date("2026-11-19T00:00:00Z"), windowTo: new Date("2026-11-19T06:00:00Z") } });
    const admin = await adminOf(t.tenantId);
    const results = await Promise.all([1, 2, 3].map(() => retryDeadLetter(admin.cookies, { slug: admin.slug, deadLetterId: row.id })));
    const started = results.flatMap((r) => (r.ok && !r.data.alreadyQueued ? [r.data] : []));
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ kind: "backfill", backfillId: expect.any(String) });
    const status = await ingestionStatus(t.tenantId);
    expect(status.backfills.map((b) => b.id)).toEqual([started[0]!.backfillId]);
    expect(status.backfills[0]).toMatchObject({ from: "2026-11-19T00:00:00.000Z", to: "2026-11-19T06:00:00.000Z" });
    expect(await db().auditLog.count({ where: { tenantId: t.tenantId, action: "dead_letter.retried" } })).toBe(1);
  });
});
