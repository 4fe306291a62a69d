// Recordings and transcripts of stored calls, end to end against the
// simulator and a real database: every recorded call's WAV stored once with
// the simulator's sha256, calls without a recording marked done, a failing
// call sent to the dead letters and stored after a retry.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { wavRange } from "../../../sim/world/wav";
import { blobStore } from "../../blob/blob-store-from-env";
import { db } from "../../db";
import { createUser } from "../../../test/support/fixtures";
import { cookiesFor } from "../../../test/support/sessions";
import { retryDeadLetter } from "../../ingestion-status/backfill-actions";
import { syncCallLog } from "../call-log/sync-call-log";
import { SupervisorClient } from "../recordings/supervisor-client";
import { fastSync, SIM_NOW, simulatorPerFile, tenantWithDomain } from "../../../test/support/ingest";
import { ingestMedia } from "./ingest-media";

const HOUR = 3_600_000;
const sandbox = simulatorPerFile({ seed: 31 });

async function shaOfBlob(key: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of (await blobStore().get(key)) as Readable) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function installedWithCalls(count: number) {
  const { sim } = sandbox;
  const t = await tenantWithDomain(sim);
  await db().install.update({ where: { tenantId: t.tenantId }, data: { dataKinds: ["call_log", "recordings", "transcripts"] } });
  sim.world.addCalls(t.domain.id, count, new Date(SIM_NOW - 6 * HOUR), new Date(SIM_NOW - HOUR));
  await syncCallLog(t.tenantId, fastSync(sim));
  const client = new SupervisorClient({ region: "us", credentials: t.admin, retry: { attempts: 2, baseMs: 5, maxMs: 10 } });
  return { ...t, client };
}

describe("media ingestion", () => {
  it("fetches the last day's calls before older history, and fills the batch with the oldest", async () => {
    const t = await installedWithCalls(6);
    const recent = await db().call.findMany({ where: { tenantId: t.tenantId } });
    // History read by a backfill: calls of two to three days ago (the simulator has no recording of them).
    for (let i = 0; i < 4; i++) {
      await db().call.create({ data: { tenantId: t.tenantId, five9CallId: `H${i}`, startedAt: new Date(SIM_NOW - 3 * 24 * HOUR + i * HOUR), raw: {} } });
    }
    // A batch holds every recent call, and the rest of it comes from the oldest history.
    const first = await ingestMedia(t.tenantId, { client: t.client, now: SIM_NOW, maxCalls: recent.length + 2, concurrency: 3 });
    expect(first.totals.calls).toBe(recent.length + 2);
    const pending = await db().call.findMany({ where: { tenantId: t.tenantId, mediaCheckedAt: null }, select: { five9CallId: true } });
    expect(pending.map((c) => c.five9CallId).sort()).toEqual(["H2", "H3"]);

    const second = await ingestMedia(t.tenantId, { client: t.client, now: SIM_NOW, maxCalls: recent.length });
    expect(second.totals).toMatchObject({ calls: 2, none: 2, failed: 0 });
    expect((await ingestMedia(t.tenantId, { client: t.client, now: SIM_NOW })).outcome).toBe("idle");
  });

  it("stores every recorded call's WAV with the simulator's sha256, and its transcript, exactly once", async () => {
    const { sim } = sandbox;
    const t = await installedWithCalls(8);
    const calls = await db().call.findMany({ where: { tenantId: t.tenantId } });
    expect(calls.length).toBeGreaterThan(0);
    sim.faults.add({ domainId: t.domain.id, type: "truncated_wav", count: 1 });

    const first = await ingestMedia(t.tenantId, { client: t.client });
    expect(first.outcome).toBe("ok");
    expect(first.totals.calls).toBe(calls.length);
    const recorded = calls.filter((c) => sim.world.findCall(t.domain.id, c.five9CallId)?.recorded);
    expect(first.totals.recordings).toBe(recorded.length);
    expect(first.totals.none).toBe(calls.length - recorded.length);

    for (const call of recorded) {
      const rec = await db().callRecording.findUniqueOrThrow({ where: { callId_source: { callId: call.id, source: "api" } } });
      const expected = createHash("sha256");
      for (const chunk of wavRange(sim.world.findCall(t.domain.id, call.five9CallId)!)) expected.update(chunk);
      const sha = expected.digest("hex");
      expect(rec.sha256).toBe(sha);
      expect(await shaOfBlob(rec.blobKey)).toBe(sha);
    }
    expect(await db().callTranscript.count({ where: { tenantId: t.tenantId } })).toBe(first.totals.transcripts);
    expect(await db().call.count({ where: { tenantId: t.tenantId, mediaCheckedAt: null } })).toBe(0);

    const again = await ingestMedia(t.tenantId, { client: t.client });
    expect(again.outcome).toBe("idle");
    expect(await db().callRecording.count({ where: { tenantId: t.tenantId } })).toBe(recorded.length);
  });

  it("sends a call whose recording keeps failing to the dead letters, and stores it after a retry", async () => {
    const { sim } = sandbox;
    const t = await installedWithCalls(6);
    const recorded = (await db().call.findMany({ where: { tenantId: t.tenantId } })).filter((c) => sim.world.findCall(t.domain.id, c.five9CallId)?.recorded);
    expect(recorded.length).toBeGreaterThan(0);
    // Downloads fail (the listing still works): the admin's recordings path on the data center.
    const userId = t.domain.users.find((u) => u.role === "admin")!.id;
    sim.faults.add({ domainId: t.domain.id, endpoint: `/supsvcs/rs/svc/supervisors/${userId}/recordings/`, type: "status", status: 503 });
    const failing = await ingestMedia(t.tenantId, { client: t.client });
    sim.faults.clear();
    expect(failing.totals.failed).toBeGreaterThan(0);
    const letters = await db().deadLetter.findMany({ where: { tenantId: t.tenantId, kind: "media", resolvedAt: null } });
    expect(letters.length).toBe(failing.totals.failed);
    // A call that just failed rests before the next try: the next run has nothing to do.
    expect((await ingestMedia(t.tenantId, { client: t.client })).outcome).toBe("idle");
    expect(await db().deadLetter.count({ where: { tenantId: t.tenantId, kind: "media", attempts: { gt: 1 } } })).toBe(0);

    const admin = await cookiesFor((await createUser({ tenantIds: [t.tenantId] })).id);
    const slug = (await db().tenant.findUniqueOrThrow({ where: { id: t.tenantId } })).slug;
    for (const letter of letters) expect((await retryDeadLetter(admin, { slug, deadLetterId: letter.id })).ok).toBe(true);
    const retried = await ingestMedia(t.tenantId, { client: t.client });
    expect(retried.totals.failed).toBe(0);
    expect(await db().callRecording.count({ where: { tenantId: t.tenantId } })).toBe(recorded.length);
    expect(await db().deadLetter.count({ where: { tenantId: t.tenantId, kind: "media", resolvedAt: null } })).toBe(0);
  });
});
