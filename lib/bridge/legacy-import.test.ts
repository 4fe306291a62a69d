// The legacy export as a real source, end to end: the simulator's FTP and SFTP
// export (with every legacy fault it has), a real database and blob store.
// Counts are checked against the simulator's ground truth: every file the
// export keeps ends up as exactly one `ftp` recording of the right call, with
// the simulator's bytes; re-uploads keep no second copy; every bad file has
// its reason, and the rest is imported regardless.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { wavRange } from "../../sim/world/wav";
import type { SimCall } from "../../sim/world/types";
import type { LegacyFaultKind } from "../../sim/legacy/export-catalog";
import { contextFor } from "../crypto/sealed-fields";
import { sealSecret } from "../crypto/secrets";
import { db } from "../db";
import { syncCallLog } from "../ingest/call-log/sync-call-log";
import { fastSync, SIM_NOW, simulatorPerFile, tenantWithDomain } from "../../test/support/ingest";
import { pollLegacyExport } from "./legacy-import";

const MIN = 60_000;
const HOUR = 60 * MIN;
const UPLOAD_DELAY = 5 * MIN;
const sandbox = simulatorPerFile({ seed: 41 });

function sha(call: SimCall): string {
  const hash = createHash("sha256");
  for (const chunk of wavRange(call)) hash.update(chunk);
  return hash.digest("hex");
}

const exported = (c: SimCall) => c.recorded && !c.abandoned && c.agentUsername !== null;
const visibleAt = (c: SimCall) => c.startedAt.getTime() + c.durationSec * 1000 + UPLOAD_DELAY;

async function legacyTenant(protocol: "ftp" | "sftp", settings: { sessionIdNaming?: boolean } = {}) {
  const { sim } = sandbox;
  const t = await tenantWithDomain(sim, { timeZone: "America/Los_Angeles" });
  await db().tenant.update({ where: { id: t.tenantId }, data: { five9TimeZone: "America/Los_Angeles" } });
  const account = sim.legacy.createExportCredentials(t.domain.id, { uploadDelayMinutes: 5, ivrShare: 0.3, ...settings });
  await db().legacyExportSource.create({
    data: {
      tenantId: t.tenantId, protocol, host: "127.0.0.1", port: protocol === "ftp" ? sim.legacy.ftpPort : sim.legacy.sftpPort, username: account.username,
      passwordSealed: sealSecret(account.password, contextFor("legacyExportSource", t.tenantId, "passwordSealed")), folder: "/",
    },
  });
  return t;
}

const poll = (tenantId: string) => pollLegacyExport(tenantId, { now: () => sandbox.sim.clock.now(), timeoutMs: 5_000 });

/** Every ftp recording of the tenant, by Five9 call id, with its sha256. */
async function ftpRecordings(tenantId: string) {
  const rows = await db().callRecording.findMany({ where: { tenantId, source: "ftp" }, select: { sha256: true, call: { select: { five9CallId: true } } } });
  return new Map(rows.map((r) => [r.call.five9CallId, r.sha256]));
}

describe.each(["ftp", "sftp"] as const)("legacy import over %s", (protocol) => {
  it("imports every exported recording once, after its size held still, and matches it to its call", async () => {
    const { sim } = sandbox;
    sim.clock.set(SIM_NOW);
    const t = await legacyTenant(protocol);
    sim.world.addCalls(t.domain.id, 8, new Date(SIM_NOW - 6 * HOUR), new Date(SIM_NOW - HOUR));
    await syncCallLog(t.tenantId, fastSync(sim));
    const truth = sim.world.callsBetween(t.domain.id, new Date(SIM_NOW - 7 * HOUR), new Date(SIM_NOW)).filter((c) => exported(c) && visibleAt(c) <= SIM_NOW);
    expect(truth.length).toBeGreaterThan(4);

    const first = await poll(t.tenantId);
    expect(first.outcome).toBe("ok");
    expect(first.totals).toMatchObject({ listed: truth.length, read: 0, errors: [] });
    const second = await poll(t.tenantId);
    expect(second.totals).toMatchObject({ read: truth.length, imported: truth.length, duplicates: 0, refused: 0, failed: 0 });
    expect(second.match).toMatchObject({ matched: truth.length, ambiguous: 0, unmatched: 0 });

    const stored = await ftpRecordings(t.tenantId);
    expect(stored.size).toBe(truth.length);
    for (const call of truth) expect(stored.get(call.callId), call.callId).toBe(sha(call));
    // Nothing is read again when nothing changed.
    expect((await poll(t.tenantId)).totals).toMatchObject({ read: 0, listed: truth.length });
    expect(await db().callRecording.count({ where: { tenantId: t.tenantId } })).toBe(truth.length);
  }, 240_000);

  it("survives every legacy fault: reasons per file, nothing imported twice, nothing the server keeps is lost", async () => {
    const { sim } = sandbox;
    sim.clock.set(SIM_NOW);
    const t = await legacyTenant(protocol);
    // Calls that end over the next hour, so each lands (and takes its fault) while we watch.
    sim.world.addCalls(t.domain.id, 13, new Date(SIM_NOW + MIN), new Date(SIM_NOW + 50 * MIN));
    const calls = sim.world.callsBetween(t.domain.id, new Date(SIM_NOW), new Date(SIM_NOW + HOUR)).filter(exported).sort((a, b) => visibleAt(a) - visibleAt(b));
    const faults: LegacyFaultKind[] = ["partial_file", "reuploaded_file", "empty_file", "truncated_file", "unreadable_file", "vanishing_file", "dropped_connection", "stray_file"];
    const faulted = new Map<LegacyFaultKind, SimCall>();
    const reasons = new Map<string, Set<string>>();
    const remember = async () => {
      for (const f of await db().legacyFile.findMany({ where: { tenantId: t.tenantId, reason: { not: null } }, select: { path: true, reason: true } })) {
        reasons.set(f.path, (reasons.get(f.path) ?? new Set()).add(f.reason!));
      }
    };
    // Walk the clock from one landing to the next; a fault is injected just before a file lands alone, so it takes it.
    let lastLanding = -1;
    let next = 0;
    for (const [i, call] of calls.entries()) {
      const v = visibleAt(call);
      const following = calls[i + 1] ? visibleAt(calls[i + 1]!) : Infinity;
      if (v - 1 > sim.clock.now()) {
        sim.clock.set(v - 1);
        await poll(t.tenantId);
      }
      const kind = faults[next];
      if (kind && v > lastLanding + 1000 && following > v + 1000) {
        sim.faults.add({ type: kind, domainId: t.domain.id, count: 1 });
        faulted.set(kind, call);
        next++;
      }
      lastLanding = v;
      sim.clock.set(v + 1000);
      await poll(t.tenantId);
      await remember();
      const later = Math.min(v + 40_000, following - 2);
      if (later > sim.clock.now()) {
        sim.clock.set(later);
        await poll(t.tenantId);
        await remember();
      }
    }
    expect(faulted.size, "each fault took a file of its own").toBe(faults.length);
    // Past every repair (re-uploads after 10 min): poll until settled, then the call log.
    for (let k = 1; k <= 4; k++) {
      sim.clock.set(lastLanding + k * 6 * MIN);
      await poll(t.tenantId);
      await remember();
    }
    await poll(t.tenantId);
    await syncCallLog(t.tenantId, fastSync(sim, { initialLookbackMs: 3 * HOUR }));
    const { matchLegacyFiles } = await import("./legacy-matching");
    await matchLegacyFiles(t.tenantId);

    const files = await db().legacyFile.findMany({ where: { tenantId: t.tenantId } });
    const byCall = (kind: LegacyFaultKind) => {
      const call = faulted.get(kind)!;
      return files.filter((f) => f.customerNumber === (call.callType === "INBOUND" ? call.ani : call.dnis) && f.agentUsername === call.agentUsername && f.campaign === call.campaign && f.kind === "recording");
    };
    const reasonsOf = (kind: LegacyFaultKind) => [...byCall(kind)].flatMap((f) => [...(reasons.get(f.path) ?? [])]).join(" | ");

    // The vanished file is gone from the server: listed with why, never imported.
    const vanished = faulted.get("vanishing_file")!;
    const [gone] = byCall("vanishing_file");
    expect(gone).toMatchObject({ status: "gone" });
    expect(gone!.reason).toMatch(/deleted or renamed on the server while it was read|deleted from the export/);
    // Ground truth: every other exported call has exactly one ftp recording with the simulator's bytes.
    const stored = await ftpRecordings(t.tenantId);
    const expected = calls.filter((c) => c.callId !== vanished.callId);
    expect([...stored.keys()].sort()).toEqual(expected.map((c) => c.callId).sort());
    for (const call of expected) expect(stored.get(call.callId), call.callId).toBe(sha(call));

    // The re-upload (same bytes, another name) is a duplicate of the first copy, with no blob of its own.
    const copies = byCall("reuploaded_file");
    expect(copies.map((f) => f.status).sort()).toEqual(["duplicate", "imported"]);
    expect(copies.find((f) => f.status === "duplicate")).toMatchObject({ blobKey: null, duplicateOfId: copies.find((f) => f.status === "imported")!.id });
    // A growing upload is read once, whole.
    expect(byCall("partial_file")[0]).toMatchObject({ status: "imported", attempts: 1 });
    // Zero-byte and truncated uploads were refused with why, then imported when re-uploaded.
    expect(reasonsOf("empty_file")).toMatch(/empty file \(0 bytes\)/);
    expect(reasonsOf("truncated_file")).toMatch(/truncated WAV: the header announces \d+ bytes, the file has \d+/);
    expect(reasonsOf("unreadable_file")).toMatch(/permission denied/);
    expect(reasonsOf("dropped_connection")).toMatch(/connection was lost|received \d+ of the \d+ listed bytes/);
    for (const kind of ["empty_file", "truncated_file", "unreadable_file", "dropped_connection"] as const) {
      expect(byCall(kind).map((f) => f.status), kind).toEqual(["imported"]);
      expect(byCall(kind)[0]!.attempts, kind).toBeGreaterThanOrEqual(2);
    }
    // A name that follows no variant is listed as unparsed with why; it never stopped the import.
    const stray = files.filter((f) => f.status === "unparsed");
    expect(stray).toHaveLength(1);
    expect(stray[0]!.reason).toMatch(/does not follow/);
    expect(files.filter((f) => f.status === "pending")).toEqual([]);
  }, 400_000);
});

describe("legacy matching over the import", () => {
  it("keeps files without calls unmatched, matches them once the call log brings the calls, and lists ambiguous ones with candidates", async () => {
    const { sim } = sandbox;
    sim.clock.set(SIM_NOW);
    const t = await legacyTenant("ftp");
    sim.world.addCalls(t.domain.id, 6, new Date(SIM_NOW - 4 * HOUR), new Date(SIM_NOW - HOUR));
    const truth = sim.world.callsBetween(t.domain.id, new Date(SIM_NOW - 5 * HOUR), new Date(SIM_NOW)).filter((c) => exported(c) && visibleAt(c) <= SIM_NOW);
    await poll(t.tenantId);
    const before = await poll(t.tenantId);
    expect(before.match).toMatchObject({ matched: 0, unmatched: truth.length });

    await syncCallLog(t.tenantId, fastSync(sim));
    // A second call that fits one file as well (same campaign, agent, number, 10 s later).
    const twinOf = truth[0]!;
    const original = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId: t.tenantId, five9CallId: twinOf.callId } } });
    const twin = await db().call.create({
      data: { tenantId: t.tenantId, five9CallId: "TWIN1", startedAt: new Date(original.startedAt.getTime() + 10_000), campaign: original.campaign, agentUsername: original.agentUsername, ani: original.ani, dnis: original.dnis, raw: {} },
    });
    const { matchLegacyFiles } = await import("./legacy-matching");
    expect(await matchLegacyFiles(t.tenantId)).toMatchObject({ matched: truth.length - 1, ambiguous: 1 });
    const ambiguous = await db().legacyFile.findFirstOrThrow({ where: { tenantId: t.tenantId, matchState: "ambiguous" } });
    expect(ambiguous.candidates.sort()).toEqual([original.id, twin.id].sort());

    // The call log no longer has the twin: matched again, to the right call.
    await db().call.delete({ where: { id: twin.id } });
    expect(await matchLegacyFiles(t.tenantId)).toMatchObject({ matched: 1, ambiguous: 0 });
    expect((await ftpRecordings(t.tenantId)).get(twinOf.callId)).toBe(sha(twinOf));
    expect(await db().callRecording.count({ where: { tenantId: t.tenantId, source: "ftp" } })).toBe(truth.length);
  }, 240_000);

  it("matches session-id named files by session id, and records the file's fields as the ftp source", async () => {
    const { sim } = sandbox;
    sim.clock.set(SIM_NOW);
    const t = await legacyTenant("sftp", { sessionIdNaming: true });
    sim.world.addCalls(t.domain.id, 5, new Date(SIM_NOW - 4 * HOUR), new Date(SIM_NOW - HOUR));
    await syncCallLog(t.tenantId, fastSync(sim));
    const truth = sim.world.callsBetween(t.domain.id, new Date(SIM_NOW - 5 * HOUR), new Date(SIM_NOW)).filter((c) => exported(c) && visibleAt(c) <= SIM_NOW);
    await poll(t.tenantId);
    expect((await poll(t.tenantId)).match).toMatchObject({ matched: truth.length });
    expect(await db().legacyFile.count({ where: { tenantId: t.tenantId, matchedBy: "session_id" } })).toBe(truth.length);
    const records = await db().callSourceRecord.findMany({ where: { tenantId: t.tenantId, source: "ftp" }, include: { call: true } });
    expect(records).toHaveLength(truth.length);
    for (const r of records) expect((r.fields as { sessionId: string }).sessionId).toBe(r.call.sessionId);
  }, 240_000);
});
