// Matching rules on hand-made rows (real Postgres): DST both ways, the time
// tolerance, ANI or DNIS, session ids, one file per call, tenant scoping, and
// a 10k × 10k run that stays set-based.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { mergeFields, pickRecording } from "./source-precedence";
import { matchLegacyFiles } from "./legacy-matching";

const LA = "America/Los_Angeles";
let n = 0;

async function call(tenantId: string, startedAt: string, extra: { ani?: string; dnis?: string; sessionId?: string; agent?: string; campaign?: string } = {}) {
  n++;
  return db().call.create({
    data: { tenantId, five9CallId: `C${n}`, startedAt: new Date(startedAt), campaign: extra.campaign ?? "Sales", agentUsername: extra.agent ?? "ava@acme", ani: extra.ani ?? "4155550101", dnis: extra.dnis ?? "8005550100", sessionId: extra.sessionId ?? null, raw: {} },
  });
}

async function file(tenantId: string, localStart: string, extra: { number?: string; sessionId?: string; agent?: string; kind?: string } = {}) {
  n++;
  return db().legacyFile.create({
    data: {
      tenantId, path: `/Sales/x/${n}.wav`, kind: extra.kind ?? "recording", size: 100n, status: "imported", sha256: `${n}`.padStart(64, "0"), blobKey: `tenants/${tenantId}/legacy/${n}.wav`, bytes: 100n,
      campaign: "Sales", localStart: new Date(`${localStart}Z`), customerNumber: extra.number ?? "4155550101", agentUsername: extra.agent ?? "ava@acme", sessionId: extra.sessionId ?? null,
    },
  });
}

const state = (id: string) => db().legacyFile.findUniqueOrThrow({ where: { id } });

describe("legacy matching", () => {
  it("reads the name's time as the domain's wall clock, DST included, within the tolerance", async () => {
    const t = await db().tenant.update({ where: { id: (await createTenant()).id }, data: { five9TimeZone: LA } });
    // Autumn: 1:30 AM happens twice (PDT, then PST) — both calls fit the file.
    const pdt = await call(t.id, "2026-11-01T08:30:00Z");
    const pst = await call(t.id, "2026-11-01T09:30:00Z");
    const autumn = await file(t.id, "2026-11-01T01:30:00");
    // Spring: 3:15 AM PDT right after the gap.
    const spring = await call(t.id, "2026-03-08T10:15:00Z", { ani: "4155550102" });
    const springFile = await file(t.id, "2026-03-08T03:15:00", { number: "4155550102" });
    // 20 s off: the same call; 45 s off: not.
    const near = await call(t.id, "2026-06-10T17:00:20Z", { ani: "4155550103" });
    const nearFile = await file(t.id, "2026-06-10T10:00:00", { number: "4155550103" });
    await call(t.id, "2026-06-10T17:05:00Z", { ani: "4155550104" });
    const farFile = await file(t.id, "2026-06-10T10:05:45", { number: "4155550104" });
    // Outbound: the name carries the DNIS.
    const outbound = await call(t.id, "2026-06-11T16:00:00Z", { ani: "8005550100", dnis: "6505550199" });
    const outboundFile = await file(t.id, "2026-06-11T09:00:00", { number: "6505550199" });
    // Session id wins over fields that do not fit at all.
    const bySession = await call(t.id, "2026-06-12T16:00:00Z", { sessionId: "ABCDEF0123456789ABCDEF0123456789", agent: "someone@else" });
    const sessionFile = await file(t.id, "2026-06-12T01:00:00", { sessionId: "ABCDEF0123456789ABCDEF0123456789" });
    // Another tenant's identical call is never a candidate.
    const other = await db().tenant.update({ where: { id: (await createTenant()).id }, data: { five9TimeZone: LA } });
    await call(other.id, "2026-06-10T17:00:20Z", { ani: "4155550103" });

    expect(await matchLegacyFiles(t.id)).toMatchObject({ matched: 4, ambiguous: 1, unmatched: 1, recordings: 4 });
    expect(await state(autumn.id)).toMatchObject({ matchState: "ambiguous", callId: null });
    expect((await state(autumn.id)).candidates.sort()).toEqual([pdt.id, pst.id].sort());
    expect(await state(springFile.id)).toMatchObject({ matchState: "matched", callId: spring.id, matchedBy: "fields" });
    expect(await state(nearFile.id)).toMatchObject({ matchState: "matched", callId: near.id });
    expect(await state(farFile.id)).toMatchObject({ matchState: "unmatched", candidates: [] });
    expect(await state(outboundFile.id)).toMatchObject({ matchState: "matched", callId: outbound.id });
    expect(await state(sessionFile.id)).toMatchObject({ matchState: "matched", callId: bySession.id, matchedBy: "session_id" });
    // Running again changes nothing and stores no second recording.
    expect(await matchLegacyFiles(t.id)).toMatchObject({ matched: 0, recordings: 0 });
    expect(await db().callRecording.count({ where: { tenantId: t.id, source: "ftp" } })).toBe(4);
  });

  it("gives a call one file per kind: a second file that fits a taken call is ambiguous, naming it", async () => {
    const t = await db().tenant.update({ where: { id: (await createTenant()).id }, data: { five9TimeZone: LA } });
    const c = await call(t.id, "2026-06-10T17:00:00Z");
    const first = await file(t.id, "2026-06-10T10:00:00");
    const transcript = await file(t.id, "2026-06-10T10:00:00", { kind: "transcript" });
    await matchLegacyFiles(t.id);
    const second = await file(t.id, "2026-06-10T10:00:05");
    await matchLegacyFiles(t.id);
    expect(await state(first.id)).toMatchObject({ matchState: "matched", callId: c.id });
    expect(await state(transcript.id)).toMatchObject({ matchState: "matched", callId: c.id });
    expect(await state(second.id)).toMatchObject({ matchState: "ambiguous", candidates: [c.id] });
  });

  it("fills only the call record's gaps from a file name, naming the source of each filled field", async () => {
    const t = await db().tenant.update({ where: { id: (await createTenant()).id }, data: { five9TimeZone: LA } });
    const c = await db().call.create({ data: { tenantId: t.id, five9CallId: "GAPS", startedAt: new Date("2026-06-12T16:00:00Z"), sessionId: "00112233445566778899AABBCCDDEEFF", campaign: "Sales", raw: {} } });
    await file(t.id, "2026-06-12T09:00:00", { sessionId: "00112233445566778899AABBCCDDEEFF", agent: "bo@acme" });
    await matchLegacyFiles(t.id);
    const merged = await db().call.findUniqueOrThrow({ where: { id: c.id } });
    expect(merged).toMatchObject({ campaign: "Sales", agentUsername: "bo@acme", provenance: { agentUsername: "ftp" } });
    expect(mergeFields({ api: { campaign: "Sales", agentUsername: null }, stream: { agentUsername: "x" }, ftp: { agentUsername: "y", campaign: "Other" } })).toEqual({
      fields: { campaign: "Sales", agentUsername: "x" },
      provenance: { campaign: "api", agentUsername: "stream" },
    });
    expect(pickRecording([{ source: "ftp" }, { source: "api" }])).toEqual({ source: "api" });
    expect(pickRecording([{ source: "ftp" }])).toEqual({ source: "ftp" });
  });

  it("matches 10k files against 10k calls set-based, each to its own call", async () => {
    const t = await db().tenant.update({ where: { id: (await createTenant()).id }, data: { five9TimeZone: LA } });
    const count = 10_000;
    // Calls a minute apart, each with its own number; files named from their local wall time.
    await db().$executeRaw`
      INSERT INTO "Call" ("tenantId", "five9CallId", "startedAt", campaign, "agentUsername", ani, dnis, raw, "updatedAt")
      SELECT ${t.id}, 'B' || i, timestamp '2026-10-25 12:00:00' + i * interval '1 minute', 'Sales', 'ava@acme', (4150000000 + i)::text, '8005550100', '{}', now()
      FROM generate_series(1, ${count}::int) AS i`;
    await db().$executeRaw`
      INSERT INTO "LegacyFile" (id, "tenantId", path, kind, size, status, sha256, "blobKey", bytes, campaign, "localStart", "customerNumber", "agentUsername", "updatedAt")
      SELECT 'f' || i, ${t.id}, '/Sales/d/' || i || '.wav', 'recording', 100, 'imported', md5(i::text), 'k' || i, 100, 'Sales',
             (((timestamp '2026-10-25 12:00:00' + i * interval '1 minute') AT TIME ZONE 'UTC') AT TIME ZONE ${LA}), (4150000000 + i)::text, 'ava@acme', now()
      FROM generate_series(1, ${count}::int) AS i`;
    const started = Date.now();
    expect(await matchLegacyFiles(t.id)).toMatchObject({ matched: count, ambiguous: 0, unmatched: 0, recordings: count });
    const elapsed = Date.now() - started;
    const wrong = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "LegacyFile" f JOIN "Call" c ON c.id = f."callId" WHERE f."tenantId" = ${t.id} AND c.ani <> f."customerNumber"`;
    expect(Number(wrong[0]!.n)).toBe(0);
    expect(elapsed).toBeLessThan(30_000);
  }, 120_000);
});
