// A simulated month of the V1 → V2 bridge (issue 14, "Done when"): the real
// simulator (SOAP call log, Supervisor REST recordings, the FTP export) with
// every legacy fault, a real database and blob store, and the product's own
// job bodies (call log sync, export poll with matching, rematch, API media)
// driven day by day with the simulator's clock set forward, through
// legacy → shadow → cutover at a watermark T → rollback to shadow. At the end
// every count is checked exactly against the simulator's ground truth: the
// calls, each call's recordings per source, the legacy files per status, the
// recording Loris uses, the field provenance and the completeness ledger.
//
// One tenant on FTP: the SFTP path runs every fault in legacy-import.test.ts
// (same import code after export-client.ts), and a second month would double
// the run time for no path this test does not already take.
import { describe, expect, it } from "vitest";
import type { LegacyFaultKind } from "../../sim/legacy/export-catalog";
import type { SimCall } from "../../sim/world/types";
import { contextFor } from "../crypto/sealed-fields";
import { sealSecret } from "../crypto/secrets";
import { db } from "../db";
import { syncCallLog } from "../ingest/call-log/sync-call-log";
import { ingestMedia } from "../ingest/media/ingest-media";
import { callDetail } from "../ingestion-status/calls";
import { ingestionTotals } from "../ingestion-status/ingestion-totals";
import { createUser } from "../../test/support/fixtures";
import { fastSync, simulatorPerFile, tenantWithDomain } from "../../test/support/ingest";
import { bridgeView } from "./ledger/bridge-view";
import { ledgerDays, localDay } from "./ledger/ledger";
import { pollLegacyExport } from "./legacy-import";
import { matchLegacyFiles } from "./legacy-matching";
import { changeBridgeMode } from "./modes/change-mode";
import type { BridgeMode } from "@prisma/client";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ZONE = "America/Los_Angeles";
/** Midnight Pacific (PDT) of the month's first day; the month crosses the end of DST (1 Nov). */
const MONTH_START = Date.parse("2026-10-12T07:00:00Z");
const DAYS = 30;
const CALLS_PER_DAY = 1;
const UPLOAD_DELAY = 5 * MIN;

/** The timeline: the mode each day runs in, and which legacy fault the day's first file takes. */
const SHADOW_FROM = 7;
const CUTOVER_DAY = 15;
const ROLLBACK_FROM = 22;
const FAULTS: Partial<Record<number, LegacyFaultKind>> = {
  1: "partial_file", 3: "empty_file", 5: "vanishing_file",
  8: "truncated_file", 10: "reuploaded_file", 12: "stray_file",
  17: "unreadable_file", 19: "dropped_connection",
};

const sandbox = simulatorPerFile({ seed: 14, start: MONTH_START });

const exported = (c: SimCall) => c.recorded && !c.abandoned && c.agentUsername !== null;
const endOf = (c: SimCall) => c.startedAt.getTime() + c.durationSec * 1000;
const visibleAt = (c: SimCall) => endOf(c) + UPLOAD_DELAY;
/** The start of local day `d` of the month (Pacific midnight, DST-exact). */
function dayStart(d: number): number {
  let t = MONTH_START + d * DAY;
  // After 1 Nov Pacific midnight is an hour later in UTC.
  while (localDay(new Date(t - 1), ZONE) === localDay(new Date(t), ZONE)) t += HOUR;
  return t;
}

describe("a simulated month through legacy, shadow, cutover and rollback", () => {
  it("ends with exact counts against the simulator's ground truth", async () => {
    const { sim } = sandbox;
    sim.clock.set(MONTH_START);
    const t = await tenantWithDomain(sim, { timeZone: ZONE });
    const tenantId = t.tenantId;
    // Installed the day before the month, in legacy mode with the FTP export saved.
    await db().tenant.update({ where: { id: tenantId }, data: { five9TimeZone: ZONE, bridgeMode: "legacy", createdAt: new Date(MONTH_START - DAY) } });
    await db().install.update({ where: { tenantId }, data: { startedAt: new Date(MONTH_START - DAY), completedAt: new Date(MONTH_START - DAY) } });
    const account = sim.legacy.createExportCredentials(t.domain.id, { uploadDelayMinutes: 5, ivrShare: 0.3 });
    await db().legacyExportSource.create({
      data: {
        tenantId, protocol: "ftp", host: "127.0.0.1", port: sim.legacy.ftpPort, username: account.username,
        passwordSealed: sealSecret(account.password, contextFor("legacyExportSource", tenantId, "passwordSealed")), folder: "/",
      },
    });
    const actor = await createUser({ role: "support" });
    // A call a day in working hours, 9 AM – 5 PM Pacific (each recording is ~1 s of synthesis per source: the month stays small).
    for (let d = 0; d < DAYS; d++) sim.world.addCalls(t.domain.id, CALLS_PER_DAY, new Date(dayStart(d) + 9 * HOUR), new Date(dayStart(d) + 17 * HOUR));
    const truth = sim.world.callsBetween(t.domain.id, new Date(MONTH_START), new Date(dayStart(DAYS)));
    const byId = new Map(truth.map((c) => [c.callId, c]));
    const exportedCalls = truth.filter(exported).sort((a, b) => visibleAt(a) - visibleAt(b));

    const now = () => sim.clock.now();
    const poll = async () => {
      const r = await pollLegacyExport(tenantId, { now, timeoutMs: 10_000 });
      expect(r.outcome).toBe("ok");
      expect(r.totals.errors).toEqual([]);
      return r;
    };
    const sync = async () => {
      const r = await syncCallLog(tenantId, fastSync(sim, { initialLookbackMs: 2 * DAY, maxWindowMs: DAY + 3 * HOUR }));
      expect(r.outcome).toBe("ok");
      await matchLegacyFiles(tenantId); // what ingest.call-log queues after each sync (bridge.legacy-rematch)
    };
    const media = async () => {
      for (let i = 0; i < 20; i++) {
        const r = await ingestMedia(tenantId, { now: now(), maxCalls: 25 });
        expect(["ok", "idle"]).toContain(r.outcome);
        expect(r.totals.failed).toBe(0);
        if (r.outcome === "idle") return;
      }
      throw new Error("media did not settle");
    };
    let mode: BridgeMode = "legacy";
    const change = async (to: BridgeMode, watermark?: Date) => {
      await changeBridgeMode(tenantId, { to, expectedMode: mode, watermark }, { id: actor.id, email: actor.email }, new Date(now()));
      mode = to;
    };
    const at = async (time: number) => {
      if (time > now()) sim.clock.set(time);
      await poll();
    };

    const faulted = new Map<LegacyFaultKind, SimCall>();
    const reasons = new Map<string, Set<string>>();
    const remember = async () => {
      for (const f of await db().legacyFile.findMany({ where: { tenantId, reason: { not: null } }, select: { path: true, reason: true } })) reasons.set(f.path, (reasons.get(f.path) ?? new Set()).add(f.reason!));
    };
    /** The day's end of work: the call log, two polls (a file is read once its size held still), media when the mode fetches it. */
    const closeDay = async (d: number) => {
      await at(dayStart(d) + 22 * HOUR);
      await sync();
      await at(dayStart(d) + 22 * HOUR + 5 * MIN);
      await remember();
      if (mode !== "legacy") await media();
    };
    let T: Date | null = null;
    let lateCall: SimCall | null = null;

    for (let d = 0; d < DAYS; d++) {
      if (d === SHADOW_FROM) await change("shadow");
      if (d === ROLLBACK_FROM) await change("shadow");
      const kind = FAULTS[d];
      if (kind) {
        // Every earlier file has been swept by the last poll: the next file to land takes the fault.
        const target = exportedCalls.find((c) => visibleAt(c) > now())!;
        sim.faults.add({ type: kind, domainId: t.domain.id, count: 1 });
        faulted.set(kind, target);
        const v = visibleAt(target);
        // Watch the file land and take its fault (listed, then read once it held still); a growing upload is
        // watched until whole. The repairs (10 min later: whole re-upload, readable again, the second copy) are
        // seen by the day's closing polls.
        for (const offset of kind === "partial_file" ? [30_000, 90_000, 4 * MIN, 5 * MIN] : [30_000, 90_000]) {
          await at(v + offset);
          await remember();
        }
      }
      if (d === CUTOVER_DAY) {
        // Cut over just after the day's last call ended, before its file lands and before the media run:
        // that call is before T with no recording yet — the API fills it (gap), its FTP file comes late.
        const day = exportedCalls.filter((c) => localDay(c.startedAt, ZONE) === localDay(new Date(dayStart(d)), ZONE));
        lateCall = day.at(-1)!;
        await at(endOf(lateCall) - 2000);
        await sync();
        await at(endOf(lateCall) - 1000);
        await media();
        // Past the media job's settle time (2 min from the start) too; still before the file lands (5 min after the end).
        sim.clock.set(Math.max(endOf(lateCall) + 60_000, lateCall.startedAt.getTime() + 3 * MIN));
        await sync();
        T = new Date(endOf(lateCall) + 30_000);
        await change("cutover", T);
        await media();
        const late = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId, five9CallId: lateCall.callId } }, include: { recordings: true } });
        expect(late.recordings.map((r) => r.source)).toEqual(["api"]);
      }
      await closeDay(d);

      if (d === SHADOW_FROM - 1) {
        // End of the legacy week: the API fetched nothing and nothing is counted as waiting for it.
        expect(await db().callRecording.count({ where: { tenantId, source: "api" } })).toBe(0);
        const totals = await ingestionTotals(tenantId, `legacy-${d}`, new Date(now()));
        expect(totals.totals.mediaPending).toBe(0);
        // Gaps: only the vanished file's call (a recording was expected, no source has it); abandoned calls are none.
        const week = await ledgerDays(tenantId, { fromDay: localDay(new Date(MONTH_START), ZONE), toDay: localDay(new Date(dayStart(d)), ZONE), now: new Date(now()) });
        expect(week.reduce((n, w) => n + w.gaps, 0)).toBe(1);
        expect(week.find((w) => w.gaps === 1)?.day).toBe(localDay(faulted.get("vanishing_file")!.startedAt, ZONE));
        // …and the API cannot fill it in legacy mode: the Bridge page does not offer it.
        expect((await bridgeView(tenantId)).fillGapsRefusal).toMatch(/legacy mode/);
      }
      if (d === ROLLBACK_FROM - 1) {
        // End of the cutover: calls from T use the API's recording, calls before T the FTP export's (the late one too).
        for (const id of [lateCall!.callId, ...exportedCalls.filter((c) => c.startedAt >= T! && c.startedAt.getTime() < now()).map((c) => c.callId)]) {
          const call = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId, five9CallId: id } } });
          const detail = await callDetail(tenantId, call.id);
          expect(detail?.recording?.source, id).toBe(byId.get(id)!.startedAt < T! ? "ftp" : "api");
        }
      }
    }
    // Past every repair and the last upload: settle the export and the media.
    await at(dayStart(DAYS) + HOUR);
    await sync();
    await at(dayStart(DAYS) + HOUR + 5 * MIN);
    await media();
    await remember();
    expect(mode).toBe("shadow");
    expect(faulted.size).toBe(Object.keys(FAULTS).length);

    // ---- Calls: every ground-truth call exactly once, nothing else.
    const calls = await db().call.findMany({ where: { tenantId }, include: { recordings: true, sourceRecords: true } });
    expect(calls).toHaveLength(truth.length);
    expect(new Set(calls.map((c) => c.five9CallId)).size).toBe(truth.length);
    expect(calls.map((c) => c.five9CallId).sort()).toEqual(truth.map((c) => c.callId).sort());

    // ---- Recordings per source.
    const vanished = faulted.get("vanishing_file")!;
    const recorded = truth.filter((c) => c.recorded);
    const withFtp = new Set(exportedCalls.filter((c) => c.callId !== vanished.callId).map((c) => c.callId));
    const ftpOf = (id: string) => calls.find((c) => c.five9CallId === id)!.recordings.filter((r) => r.source === "ftp");
    const apiOf = (id: string) => calls.find((c) => c.five9CallId === id)!.recordings.filter((r) => r.source === "api");
    for (const c of truth) {
      expect(ftpOf(c.callId).length, `${c.callId} ftp`).toBe(withFtp.has(c.callId) ? 1 : 0);
      // Shadow fetched every call the legacy week left, cutover skipped none it had not (the late call: API as the gap), rollback fetched the rest.
      expect(apiOf(c.callId).length, `${c.callId} api`).toBe(c.recorded ? 1 : 0);
    }
    const counts = {
      calls: calls.length,
      ftp: await db().callRecording.count({ where: { tenantId, source: "ftp" } }),
      api: await db().callRecording.count({ where: { tenantId, source: "api" } }),
    };
    expect(counts).toEqual({ calls: truth.length, ftp: withFtp.size, api: recorded.length });
    // Both sources brought the same bytes.
    for (const c of calls) {
      const [ftp] = c.recordings.filter((r) => r.source === "ftp");
      const [api] = c.recordings.filter((r) => r.source === "api");
      if (ftp && api) expect(ftp.sha256, c.five9CallId).toBe(api.sha256);
    }

    // ---- Legacy files: one imported per kept file, the re-upload a duplicate, the vanished one gone, the stray unparsed.
    const files = await db().legacyFile.findMany({ where: { tenantId } });
    const statuses = Object.fromEntries(["imported", "duplicate", "gone", "unparsed", "refused", "pending"].map((s) => [s, files.filter((f) => f.status === s).length]));
    expect(statuses).toEqual({ imported: withFtp.size, duplicate: 1, gone: 1, unparsed: 1, refused: 0, pending: 0 });
    const reupload = files.find((f) => f.status === "duplicate")!;
    expect(reupload).toMatchObject({ blobKey: null });
    expect(files.find((f) => f.id === reupload.duplicateOfId)).toMatchObject({ status: "imported", matchState: "matched", callId: calls.find((c) => c.five9CallId === faulted.get("reuploaded_file")!.callId)!.id });
    expect(files.filter((f) => f.status === "imported").every((f) => f.matchState === "matched")).toBe(true);
    const reasonsOf = (kind: LegacyFaultKind) => {
      const call = faulted.get(kind)!;
      const id = calls.find((c) => c.five9CallId === call.callId)!.id;
      return files.filter((f) => f.callId === id || (kind === "vanishing_file" && f.status === "gone")).flatMap((f) => [...(reasons.get(f.path) ?? [])]).join(" | ");
    };
    expect(reasonsOf("empty_file")).toMatch(/empty file \(0 bytes\)/);
    expect(reasonsOf("truncated_file")).toMatch(/truncated WAV/);
    expect(reasonsOf("unreadable_file")).toMatch(/permission denied/);
    expect(reasonsOf("dropped_connection")).toMatch(/connection was lost|received \d+ of the \d+ listed bytes/);
    expect(reasonsOf("vanishing_file")).toMatch(/deleted or renamed on the server while it was read|deleted from the export/);
    const partial = files.find((f) => f.callId === calls.find((c) => c.five9CallId === faulted.get("partial_file")!.callId)!.id)!;
    expect(partial).toMatchObject({ status: "imported", attempts: 1 });

    // ---- Provenance: the call log has every field, so no field came from a file; each matched file is one ftp source record.
    for (const c of calls) {
      expect(c.provenance, c.five9CallId).toEqual({});
      const records = c.sourceRecords.filter((r) => r.source === "ftp");
      expect(records.length, c.five9CallId).toBe(withFtp.has(c.five9CallId) ? 1 : 0);
      if (records[0]) expect(records[0].sourceKey).toBe(files.find((f) => f.status === "imported" && f.callId === c.id)!.path);
    }

    // ---- The recording Loris uses after the rollback: FTP's wherever it has one (before and after T), else the API's.
    for (const c of calls) {
      const detail = await callDetail(tenantId, c.id);
      const expected = withFtp.has(c.five9CallId) ? "ftp" : byId.get(c.five9CallId)!.recorded ? "api" : null;
      expect(detail?.recording?.source ?? null, c.five9CallId).toBe(expected);
    }

    // ---- The ledger, per local day, against the ground truth.
    const days = await ledgerDays(tenantId, { fromDay: localDay(new Date(MONTH_START), ZONE), toDay: localDay(new Date(dayStart(DAYS - 1)), ZONE), now: new Date(now()) });
    expect(days).toHaveLength(DAYS);
    for (const d of days) {
      const of = truth.filter((c) => localDay(c.startedAt, ZONE) === d.day);
      expect({ day: d.day, expected: d.expected, ftp: d.ftp, api: d.api, gaps: d.gaps, onlyFtp: d.onlyFtp, onlyApi: d.onlyApi, filesMatched: d.filesMatched, open: d.filesAmbiguous + d.filesUnmatched }).toEqual({
        day: d.day, expected: of.length, ftp: of.filter((c) => withFtp.has(c.callId)).length, api: of.filter((c) => c.recorded).length, gaps: 0,
        onlyFtp: 0, onlyApi: of.filter((c) => c.recorded && !withFtp.has(c.callId)).length, filesMatched: of.filter((c) => withFtp.has(c.callId)).length, open: 0,
      });
    }
    expect(days.reduce((n, d) => n + d.expected, 0)).toBe(truth.length);

    expect((await bridgeView(tenantId)).fillGapsRefusal).toBeNull(); // shadow: both sources run, filling asks the API

    // ---- The mode changes the month went through.
    const changes = await db().bridgeModeChange.findMany({ where: { tenantId }, orderBy: { at: "asc" } });
    expect(changes.map((c) => `${c.fromMode}→${c.toMode}`)).toEqual(["legacy→shadow", "shadow→cutover", "cutover→shadow"]);
    console.log("bridge month:", JSON.stringify({ ...counts, exported: exportedCalls.length, recorded: recorded.length, abandoned: truth.length - recorded.length, files: statuses, faults: [...faulted.keys()] }));
  }, 300_000);
});
