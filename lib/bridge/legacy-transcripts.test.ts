// Legacy transcripts end to end: the simulator's FTP export with transcripts
// beside the recordings, a real database and blob store, the Supervisor API
// for the other source. Each matched `.json` becomes the call's `ftp`
// CallTranscript once (the simulator's transcript, normalized); a re-upload is
// a duplicate and stores nothing; a malformed file is refused with why while
// the import goes on; the API's transcript is kept beside it, and the call
// page shows the authoritative source's (same rule as recordings). Another
// tenant sees none of it.
import { describe, expect, it } from "vitest";
import { GET as getCall } from "@/app/api/tenants/[slug]/calls/[callId]/route";
import { transcriptBytes } from "../../sim/legacy/export-catalog";
import type { SimCall } from "../../sim/world/types";
import { contextFor } from "../crypto/sealed-fields";
import { sealSecret } from "../crypto/secrets";
import { db } from "../db";
import { syncCallLog } from "../ingest/call-log/sync-call-log";
import { ingestMedia } from "../ingest/media/ingest-media";
import { SupervisorClient } from "../ingest/recordings/supervisor-client";
import { readTranscriptBody } from "../ingest/transcripts/transcript-schema";
import { callDetail } from "../ingestion-status/calls";
import { createUser } from "../../test/support/fixtures";
import { requestAs } from "../../test/support/sessions";
import { fastSync, SIM_NOW, simulatorPerFile, tenantWithDomain } from "../../test/support/ingest";
import { ledgerDays, localDay } from "./ledger/ledger";
import { pollLegacyExport } from "./legacy-import";
import { matchLegacyFiles } from "./legacy-matching";

const MIN = 60_000;
const HOUR = 60 * MIN;
const UPLOAD_DELAY = 5 * MIN;
const ZONE = "America/Los_Angeles";
const sandbox = simulatorPerFile({ seed: 43 });

const exported = (c: SimCall) => c.recorded && !c.abandoned && c.agentUsername !== null;
const visibleAt = (c: SimCall) => c.startedAt.getTime() + c.durationSec * 1000 + UPLOAD_DELAY;
const poll = (tenantId: string) => pollLegacyExport(tenantId, { now: () => sandbox.sim.clock.now(), timeoutMs: 5_000 });

async function transcriptTenant() {
  const { sim } = sandbox;
  const t = await tenantWithDomain(sim, { timeZone: ZONE });
  // Shadow: the FTP import and the API media both run, FTP authoritative.
  await db().tenant.update({ where: { id: t.tenantId }, data: { five9TimeZone: ZONE, bridgeMode: "shadow" } });
  await db().install.update({ where: { tenantId: t.tenantId }, data: { dataKinds: ["call_log", "recordings", "transcripts"] } });
  const account = sim.legacy.createExportCredentials(t.domain.id, { uploadDelayMinutes: 5, ivrShare: 0.3, transcripts: true });
  await db().legacyExportSource.create({
    data: {
      tenantId: t.tenantId, protocol: "ftp", host: "127.0.0.1", port: sim.legacy.ftpPort, username: account.username,
      passwordSealed: sealSecret(account.password, contextFor("legacyExportSource", t.tenantId, "passwordSealed")), folder: "/",
    },
  });
  return t;
}

/** The tenant's transcripts of one source, by Five9 call id. */
async function transcripts(tenantId: string, source: "api" | "ftp") {
  const rows = await db().callTranscript.findMany({ where: { tenantId, source }, select: { segments: true, storedAt: true, call: { select: { five9CallId: true } } } });
  return new Map(rows.map((r) => [r.call.five9CallId, r]));
}

const segmentsOf = (call: SimCall) => {
  const read = readTranscriptBody(transcriptBytes(call).toString("utf8"));
  if (!read.ok) throw new Error(read.reason);
  return read.transcript.segments;
};

describe("legacy transcripts over FTP", () => {
  it("stores each matched transcript once, refuses a malformed one, keeps a re-upload as a duplicate, and keeps the API's beside it", async () => {
    const { sim } = sandbox;
    sim.clock.set(SIM_NOW);
    const t = await transcriptTenant();
    sim.world.addCalls(t.domain.id, 8, new Date(SIM_NOW + MIN), new Date(SIM_NOW + 50 * MIN));
    const calls = sim.world.callsBetween(t.domain.id, new Date(SIM_NOW), new Date(SIM_NOW + HOUR)).filter(exported).sort((a, b) => visibleAt(a) - visibleAt(b));
    // Two calls that land alone (no other file within a second) take one fault each.
    const alone = calls.filter((c, i) => (i === 0 || visibleAt(calls[i - 1]!) < visibleAt(c) - 2000) && (i === calls.length - 1 || visibleAt(calls[i + 1]!) > visibleAt(c) + 2000));
    expect(alone.length).toBeGreaterThanOrEqual(2);
    const [reuploaded, malformed] = alone as [SimCall, SimCall];
    for (const call of calls) {
      const v = visibleAt(call);
      if (v - 1000 > sim.clock.now()) {
        sim.clock.set(v - 1000);
        await poll(t.tenantId);
      }
      if (call === reuploaded) sim.faults.add({ type: "reuploaded_file", domainId: t.domain.id, count: 1 });
      if (call === malformed) sim.faults.add({ type: "malformed_transcript", domainId: t.domain.id, count: 1 });
      sim.clock.set(v + 1000);
      await poll(t.tenantId);
    }
    // Past the re-upload (10 minutes after its file), then polled until settled; the call log brings the calls.
    sim.clock.set(visibleAt(calls.at(-1)!) + 15 * MIN);
    for (let k = 0; k < 3; k++) await poll(t.tenantId);
    await syncCallLog(t.tenantId, fastSync(sim, { initialLookbackMs: 3 * HOUR }));
    const first = await matchLegacyFiles(t.tenantId);
    expect(first.transcripts).toBe(calls.length - 1);

    const files = await db().legacyFile.findMany({ where: { tenantId: t.tenantId, kind: "transcript" }, orderBy: { path: "asc" } });
    const filesOf = (call: SimCall) => files.filter((f) => f.customerNumber === (call.callType === "INBOUND" ? call.ani : call.dnis) && f.agentUsername === call.agentUsername && f.campaign === call.campaign);
    // The malformed file is refused with the first problems, nothing kept; its recording was imported regardless.
    const [refused] = filesOf(malformed);
    expect(refused).toMatchObject({ status: "refused", blobKey: null, segments: null });
    expect(refused!.reason).toMatch(/the transcript does not have the expected shape \(.*startMs.*\); it is read again if re-uploaded/);
    // The re-upload is a duplicate of the first copy: no blob, no second match.
    expect(filesOf(reuploaded).map((f) => f.status).sort()).toEqual(["duplicate", "imported"]);
    expect(filesOf(reuploaded).find((f) => f.status === "duplicate")).toMatchObject({ blobKey: null, matchState: "none", callId: null });
    expect(files.filter((f) => f.status === "imported").every((f) => f.matchState === "matched")).toBe(true);

    // Ground truth: one ftp transcript per exported call but the malformed one, the simulator's utterances.
    const ftp = await transcripts(t.tenantId, "ftp");
    expect([...ftp.keys()].sort()).toEqual(calls.filter((c) => c !== malformed).map((c) => c.callId).sort());
    for (const call of calls) if (call !== malformed) expect(ftp.get(call.callId)!.segments, call.callId).toEqual(segmentsOf(call));
    expect(await db().callRecording.count({ where: { tenantId: t.tenantId, source: "ftp" } })).toBe(calls.length);

    // Polling and matching again changes nothing.
    await poll(t.tenantId);
    expect((await matchLegacyFiles(t.tenantId)).transcripts).toBe(0);
    const again = await transcripts(t.tenantId, "ftp");
    expect(again.size).toBe(ftp.size);
    for (const [id, row] of ftp) expect(again.get(id)!.storedAt).toEqual(row.storedAt);

    // The API brings its own transcript of every call: kept beside the ftp one, stored once however often it runs.
    const client = new SupervisorClient({ region: "us", credentials: t.admin, retry: { attempts: 2, baseMs: 5, maxMs: 10 } });
    const media = await ingestMedia(t.tenantId, { client, now: sim.clock.now() });
    expect(media.totals.transcripts).toBe(calls.length);
    await db().call.updateMany({ where: { tenantId: t.tenantId }, data: { mediaCheckedAt: null } });
    expect((await ingestMedia(t.tenantId, { client, now: sim.clock.now() })).totals.transcripts).toBe(0);
    const api = await transcripts(t.tenantId, "api");
    expect([...api.keys()].sort()).toEqual(calls.map((c) => c.callId).sort());
    expect(await db().callTranscript.count({ where: { tenantId: t.tenantId } })).toBe(2 * calls.length - 1);

    // Which one the call page shows: the authoritative source's (FTP in shadow), else the other's.
    const stored = new Map((await db().call.findMany({ where: { tenantId: t.tenantId } })).map((c) => [c.five9CallId, c]));
    const sample = calls.find((c) => c !== malformed && c !== reuploaded)!;
    expect(await callDetail(t.tenantId, stored.get(sample.callId)!.id)).toMatchObject({ transcriptSources: ["ftp", "api"], transcript: segmentsOf(sample) });
    expect(await callDetail(t.tenantId, stored.get(malformed.callId)!.id)).toMatchObject({ transcriptSources: ["api"], transcript: segmentsOf(malformed) });
    // After a cutover before these calls, the API is authoritative: its transcript first.
    await db().tenant.update({ where: { id: t.tenantId }, data: { bridgeMode: "cutover", bridgeWatermark: new Date(SIM_NOW) } });
    expect(await callDetail(t.tenantId, stored.get(sample.callId)!.id)).toMatchObject({ transcriptSources: ["api", "ftp"] });

    // The ledger counts both sources per local day.
    const days = [...new Set(calls.map((c) => localDay(c.startedAt, ZONE)))].sort();
    const ledger = await ledgerDays(t.tenantId, { fromDay: days[0]!, toDay: days.at(-1)! });
    expect(ledger.reduce((n, d) => n + d.ftpTranscript, 0)).toBe(calls.length - 1);
    expect(ledger.reduce((n, d) => n + d.apiTranscript, 0)).toBe(calls.length);

    // Another tenant sees none of it: its call view and route answer nothing for these calls.
    const other = await tenantWithDomain(sim, { timeZone: ZONE });
    expect(await callDetail(other.tenantId, stored.get(sample.callId)!.id)).toBeNull();
    expect(await db().callTranscript.count({ where: { tenantId: other.tenantId } })).toBe(0);
    const otherTenant = await db().tenant.findUniqueOrThrow({ where: { id: other.tenantId } });
    const mine = await db().tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    const admin = await createUser({ tenantIds: [other.tenantId] });
    const ctx = (slug: string) => ({ params: Promise.resolve({ slug, callId: stored.get(sample.callId)!.id }) });
    expect((await getCall(await requestAs(admin.id, `http://x/api/tenants/${otherTenant.slug}/calls/x`), ctx(otherTenant.slug))).status).toBe(404);
    expect((await getCall(await requestAs(admin.id, `http://x/api/tenants/${mine.slug}/calls/x`), ctx(mine.slug))).status).toBe(404);
    const [crossed] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "CallTranscript" t JOIN "Call" c ON c.id = t."callId" WHERE t."tenantId" <> c."tenantId"`;
    expect(Number(crossed!.n)).toBe(0);
  }, 400_000);
});
