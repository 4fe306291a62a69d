// Bridge modes on a real database: which source runs and which one is
// authoritative per mode and call time, the gates of the FTP import and the
// API media job, the call log's field merge, and each mode change as an
// atomic, audited, compare-and-set server action with its refusals.
import pino from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { CookieReader } from "../../auth/session";
import { db } from "../../db";
import { upsertCalls } from "../../ingest/call-log/upsert-calls";
import type { CallRecord } from "../../ingest/call-log/call-row";
import { createTenant, createUser } from "../../../test/support/fixtures";
import { cookiesFor } from "../../../test/support/sessions";
import { contextFor } from "../../crypto/sealed-fields";
import { sealSecret } from "../../crypto/secrets";
import { callDetail } from "../../ingestion-status/calls";
import { legacyImportJob } from "../legacy-jobs";
import { apiMediaWhere, authorityFor, bridgeStateOf, ftpImportRunning, sourcesFor, type BridgeState } from "./bridge-state";
import { changeBridgeMode } from "./change-mode";
import { changeBridgeModeAction, previewBridgeChange } from "./mode-actions";
import { remergeFields } from "./remerge-fields";

const H = 3_600_000;
const now = Date.now();
const T = new Date(now - 2 * H);

function state(partial: Partial<BridgeState>): BridgeState {
  return { mode: "legacy", watermark: null, drainUntil: null, hasLegacyExport: true, ...partial };
}

describe("sourcesFor", () => {
  const before = new Date(T.getTime() - H);
  const after = new Date(T.getTime() + H);
  it("follows the mode and the watermark", () => {
    expect(sourcesFor(state({ mode: "legacy" }), after)).toEqual({ fetch: { ftp: true, api: "never" }, authoritative: "ftp" });
    expect(sourcesFor(state({ mode: "shadow" }), after)).toEqual({ fetch: { ftp: true, api: "always" }, authoritative: "ftp" });
    expect(sourcesFor(state({ mode: "cutover", watermark: T }), before)).toEqual({ fetch: { ftp: true, api: "gap" }, authoritative: "ftp" });
    expect(sourcesFor(state({ mode: "cutover", watermark: T }), after)).toEqual({ fetch: { ftp: true, api: "always" }, authoritative: "api" });
    const draining = state({ mode: "api", watermark: T, drainUntil: new Date(now + H) });
    expect(sourcesFor(draining, before, now)).toEqual({ fetch: { ftp: true, api: "gap" }, authoritative: "ftp" });
    expect(ftpImportRunning({ ...draining, drainUntil: new Date(now - 1) }, now)).toBe(false);
  });
  it("treats a tenant without a legacy export as api, whatever its mode says", () => {
    const none = state({ mode: "legacy", hasLegacyExport: false });
    expect(sourcesFor(none, before)).toEqual({ fetch: { ftp: false, api: "always" }, authoritative: "api" });
    expect(apiMediaWhere(none)).toEqual({});
    expect(apiMediaWhere(state({ mode: "legacy" }))).toBeNull();
  });
});

async function tenantWithExport(slug?: string, mode: "legacy" | "shadow" | "cutover" | "api" = "legacy", extra: { bridgeWatermark?: Date; bridgeDrainUntil?: Date } = {}) {
  const tenant = await createTenant(slug);
  await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: mode, five9TimeZone: "America/New_York", createdAt: new Date(now - 30 * 24 * H), ...extra } });
  await db().legacyExportSource.create({ data: { tenantId: tenant.id, protocol: "sftp", host: "127.0.0.1", port: 1, username: "x", passwordSealed: sealSecret("pw", contextFor("legacyExportSource", tenant.id, "passwordSealed")) } });
  return db().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
}

async function callAt(tenantId: string, id: string, startedAt: Date, sources: ("ftp" | "api")[] = [], extra: Record<string, unknown> = {}) {
  const call = await db().call.create({ data: { tenantId, five9CallId: id, startedAt, raw: {}, ...extra } });
  for (const source of sources) await db().callRecording.create({ data: { tenantId, callId: call.id, source, blobKey: `${id}-${source}`, sha256: "0".repeat(64), bytes: 1n } });
  return call;
}

describe("gates", () => {
  it("the FTP import job does nothing in api mode after the drain period, and runs while draining", async () => {
    const log = pino({ level: "silent" });
    const ctx = { jobId: "t", log, signal: new AbortController().signal };
    const stopped = await tenantWithExport(undefined, "api", { bridgeWatermark: T, bridgeDrainUntil: new Date(now - 1000) });
    expect(await legacyImportJob.handler({ tenantId: stopped.id }, ctx)).toEqual({ outcome: "off" });
    const draining = await tenantWithExport(undefined, "api", { bridgeWatermark: T, bridgeDrainUntil: new Date(now + H) });
    // Draining: the poll runs (and here finds the export unreachable).
    expect(((await legacyImportJob.handler({ tenantId: draining.id }, ctx)) as { outcome: string }).outcome).not.toBe("off");
  }, 30_000);

  it("the API media job's pick follows the mode: none in legacy, all in shadow, after T or FTP-less before T in cutover", async () => {
    const tenant = await tenantWithExport(undefined, "legacy");
    await callAt(tenant.id, "old-ftp", new Date(T.getTime() - H), ["ftp"]);
    await callAt(tenant.id, "old-none", new Date(T.getTime() - H));
    await callAt(tenant.id, "new", new Date(T.getTime() + H));
    const picked = async () => {
      const where = apiMediaWhere(await bridgeStateOf(tenant.id));
      if (!where) return [];
      return (await db().call.findMany({ where: { tenantId: tenant.id, mediaCheckedAt: null, AND: [where] }, orderBy: { five9CallId: "asc" } })).map((c) => c.five9CallId);
    };
    expect(await picked()).toEqual([]);
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "shadow" } });
    expect(await picked()).toEqual(["new", "old-ftp", "old-none"]);
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "cutover", bridgeWatermark: T } });
    expect(await picked()).toEqual(["new", "old-none"]);
  });
});

describe("precedence follows the mode", () => {
  it("uses the FTP recording before T and the API's from T; both kept; rollback uses FTP again", async () => {
    const tenant = await tenantWithExport(undefined, "shadow");
    const before = await callAt(tenant.id, "b", new Date(T.getTime() - H), ["ftp", "api"]);
    const after = await callAt(tenant.id, "a", new Date(T.getTime() + H), ["ftp", "api"]);
    expect((await callDetail(tenant.id, after.id))?.recording?.source).toBe("ftp");
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "cutover", bridgeWatermark: T } });
    expect((await callDetail(tenant.id, before.id))?.recording?.source).toBe("ftp");
    expect((await callDetail(tenant.id, after.id))).toMatchObject({ recording: { source: "api" }, recordingSources: ["api", "ftp"] });
    expect(authorityFor(await bridgeStateOf(tenant.id), after.startedAt)).toBe("api");
  });

  it("the call log's upsert keeps a field a legacy file filled while FTP is authoritative, and takes its own after T", async () => {
    const tenant = await tenantWithExport(undefined, "cutover", { bridgeWatermark: T });
    const row = (id: string, startedAt: Date, agentUsername: string): CallRecord => ({ five9CallId: id, sessionId: null, startedAt, endedAt: null, durationSeconds: 10, campaign: "Sales", callType: null, agentUsername, agentName: null, skill: null, disposition: null, ani: null, dnis: null, raw: { v: "2" } });
    await callAt(tenant.id, "pre", new Date(T.getTime() - H), [], { agentUsername: "ftp.agent", provenance: { agentUsername: "ftp" } });
    await callAt(tenant.id, "post", new Date(T.getTime() + H), [], { agentUsername: "ftp.agent", provenance: { agentUsername: "ftp" } });
    await upsertCalls(tenant.id, [row("pre", new Date(T.getTime() - H), "log.agent"), row("post", new Date(T.getTime() + H), "log.agent")]);
    const pre = await db().call.findFirstOrThrow({ where: { tenantId: tenant.id, five9CallId: "pre" } });
    const post = await db().call.findFirstOrThrow({ where: { tenantId: tenant.id, five9CallId: "post" } });
    expect(pre).toMatchObject({ agentUsername: "ftp.agent", provenance: { agentUsername: "ftp" }, campaign: "Sales" });
    // The call log's value replaced the file's: marked `api`, so a rollback can give the file's back.
    expect(post).toMatchObject({ agentUsername: "log.agent", provenance: { agentUsername: "api" }, campaign: "Sales" });
  });

  it("a rollback gives back the fields files filled where FTP is authoritative again; a cutover takes the call log's", async () => {
    const tenant = await tenantWithExport(undefined, "cutover", { bridgeWatermark: T });
    const actor = await createUser({ role: "support" });
    const row = (id: string, startedAt: Date, agentUsername: string | null, sessionId: string | null): CallRecord => ({ five9CallId: id, sessionId, startedAt, endedAt: null, durationSeconds: 10, campaign: "Sales", callType: null, agentUsername, agentName: null, skill: null, disposition: null, ani: null, dnis: null, raw: { AGENT: agentUsername ?? "[None]", "SESSION ID": sessionId ?? "" } });
    // A file filled the agent the call log lacked; later the call log brought its own (after T: it wins).
    const after = await callAt(tenant.id, "after", new Date(T.getTime() + H), [], { agentUsername: "ftp.agent", provenance: { agentUsername: "ftp" } });
    await db().callSourceRecord.create({ data: { tenantId: tenant.id, callId: after.id, source: "ftp", sourceKey: "/Sales/a.wav", fields: { campaign: "Sales", agentUsername: "ftp.agent" }, checksum: "x" } });
    // A call the call log had whole when its file matched: nothing to give back.
    const whole = await callAt(tenant.id, "whole", new Date(T.getTime() + 2 * H), [], { agentUsername: "log.agent" });
    await db().callSourceRecord.create({ data: { tenantId: tenant.id, callId: whole.id, source: "ftp", sourceKey: "/Sales/w.wav", fields: { campaign: "Sales", agentUsername: "other.agent" }, checksum: "y" } });
    await upsertCalls(tenant.id, [row("after", after.startedAt, "log.agent", null), row("whole", whole.startedAt, "log.agent", null)]);
    const get = (id: string) => db().call.findFirstOrThrow({ where: { tenantId: tenant.id, five9CallId: id } });
    expect(await get("after")).toMatchObject({ agentUsername: "log.agent", provenance: { agentUsername: "api" } });

    await changeBridgeMode(tenant.id, { to: "shadow", expectedMode: "cutover" }, actor);
    expect(await get("after")).toMatchObject({ agentUsername: "ftp.agent", provenance: { agentUsername: "ftp" } });
    expect(await get("whole")).toMatchObject({ agentUsername: "log.agent", provenance: {} });
    // The same as a file's value filled and kept in shadow: the next call log read keeps it.
    await upsertCalls(tenant.id, [{ ...row("after", after.startedAt, "log.agent", null), raw: { AGENT: "log.agent", v: "3" } }]);
    expect(await get("after")).toMatchObject({ agentUsername: "ftp.agent", provenance: { agentUsername: "ftp" } });

    // Cut over again (both sources agree on the shadow days: no calls before T to compare here, so set the mode as the change would).
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "cutover", bridgeWatermark: T } });
    await db().$transaction((tx) => remergeFields(tenant.id, tx));
    expect(await get("after")).toMatchObject({ agentUsername: "log.agent", provenance: { agentUsername: "api" } });
    expect(await get("whole")).toMatchObject({ agentUsername: "log.agent", provenance: {} });
  });
});

describe("mode change actions", () => {
  let admin: CookieReader;
  let tenant: Awaited<ReturnType<typeof tenantWithExport>>;
  beforeEach(async () => {
    tenant = await tenantWithExport(undefined, "legacy");
    admin = await cookiesFor((await createUser({ tenantIds: [tenant.id] })).id);
  });

  it("walks legacy → shadow → cutover → api → shadow, each previewed, audited and recorded", async () => {
    // Shadow days that agree: each call has both recordings.
    for (let i = 0; i < 10; i++) await callAt(tenant.id, `c${i}`, new Date(T.getTime() - (i + 1) * 6 * H), ["ftp", "api"]);
    const preview = await previewBridgeChange(admin, { slug: tenant.slug, to: "shadow", expectedMode: "legacy" });
    expect(preview).toMatchObject({ ok: true, data: { from: "legacy", to: "shadow", refusal: null, counts: { calls: 10, ftpRecordings: 10, apiRecordings: 10 } } });
    expect(await changeBridgeModeAction(admin, { slug: tenant.slug, to: "shadow", expectedMode: "legacy" })).toMatchObject({ ok: true, data: { mode: "shadow" } });
    const cut = await previewBridgeChange(admin, { slug: tenant.slug, to: "cutover", expectedMode: "shadow", watermark: T.toISOString() });
    expect(cut).toMatchObject({ ok: true, data: { refusal: null, disagreeing: [] } });
    if (cut.ok) expect(cut.data.days.reduce((n, d) => n + d.expected, 0)).toBeGreaterThan(0);
    expect(await changeBridgeModeAction(admin, { slug: tenant.slug, to: "cutover", expectedMode: "shadow", watermark: T.toISOString() })).toMatchObject({ ok: true, data: { mode: "cutover", watermark: T.toISOString() } });
    expect(await changeBridgeModeAction(admin, { slug: tenant.slug, to: "api", expectedMode: "cutover", drainHours: "24" })).toMatchObject({ ok: true, data: { mode: "api" } });
    const t = await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t.bridgeWatermark).toEqual(T);
    expect(t.bridgeDrainUntil!.getTime() - Date.now()).toBeGreaterThan(23 * H);
    expect(await changeBridgeModeAction(admin, { slug: tenant.slug, to: "shadow", expectedMode: "api" })).toMatchObject({ ok: true, data: { mode: "shadow", watermark: null } });
    // Rollback deleted nothing.
    expect(await db().callRecording.count({ where: { tenantId: tenant.id } })).toBe(20);
    const changes = await db().bridgeModeChange.findMany({ where: { tenantId: tenant.id }, orderBy: { at: "asc" } });
    expect(changes.map((c) => `${c.fromMode}→${c.toMode}`)).toEqual(["legacy→shadow", "shadow→cutover", "cutover→api", "api→shadow"]);
    const audits = await db().auditLog.findMany({ where: { tenantId: tenant.id, action: { startsWith: "bridge." } }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["bridge.start_shadow", "bridge.cutover", "bridge.finish_cutover", "bridge.rollback"]);
  });

  it("refuses a cutover whose shadow days disagree, listing the days; nothing changes", async () => {
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "shadow" } });
    for (let i = 0; i < 10; i++) await callAt(tenant.id, `d${i}`, new Date(T.getTime() - 30 * 60_000 - i * 60_000), i < 5 ? ["ftp"] : ["ftp", "api"]);
    const result = await changeBridgeModeAction(admin, { slug: tenant.slug, to: "cutover", expectedMode: "shadow", watermark: T.toISOString() });
    expect(result).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/disagree on 1 shadow day.*\d{4}-\d\d-\d\d \(5 FTP only, 0 API only of 10\)/) } });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).bridgeMode).toBe("shadow");
    expect(await db().bridgeModeChange.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("refuses a watermark in the future, before the install, malformed, and a transition not allowed", async () => {
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "shadow" } });
    const future = await changeBridgeModeAction(admin, { slug: tenant.slug, to: "cutover", expectedMode: "shadow", watermark: new Date(now + 24 * H).toISOString() });
    expect(future).toMatchObject({ ok: false, error: { message: expect.stringMatching(/in the future/), fields: { watermark: expect.any(String) } } });
    const early = await changeBridgeModeAction(admin, { slug: tenant.slug, to: "cutover", expectedMode: "shadow", watermark: new Date(now - 60 * 24 * H).toISOString() });
    expect(early).toMatchObject({ ok: false, error: { message: expect.stringMatching(/before Loris was installed/) } });
    const malformed = await changeBridgeModeAction(admin, { slug: tenant.slug, to: "cutover", expectedMode: "shadow", watermark: "next tuesday" });
    expect(malformed).toMatchObject({ ok: false, error: { code: "validation_failed", fields: { watermark: expect.any(String) } } });
    const badMode = await changeBridgeModeAction(admin, { slug: tenant.slug, to: "v3", expectedMode: "shadow" });
    expect(badMode).toMatchObject({ ok: false, error: { code: "validation_failed", fields: { to: expect.any(String) } } });
    const notAllowed = await changeBridgeModeAction(admin, { slug: tenant.slug, to: "api", expectedMode: "shadow" });
    expect(notAllowed).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not to APIs only/) } });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).bridgeMode).toBe("shadow");
    expect(await db().auditLog.count({ where: { tenantId: tenant.id, action: { startsWith: "bridge." } } })).toBe(0);
  });

  it("two people changing at once: one wins, the other is told the mode changed meanwhile", async () => {
    const other = await cookiesFor((await createUser({ role: "support" })).id);
    const [a, b] = await Promise.all([
      changeBridgeModeAction(admin, { slug: tenant.slug, to: "shadow", expectedMode: "legacy" }),
      changeBridgeModeAction(other, { slug: tenant.slug, to: "shadow", expectedMode: "legacy" }),
    ]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/changed meanwhile: it is now Shadow/) } });
    expect(await db().bridgeModeChange.count({ where: { tenantId: tenant.id } })).toBe(1);
    expect(await db().auditLog.count({ where: { tenantId: tenant.id, action: "bridge.start_shadow" } })).toBe(1);
  });

  it("one workspace cannot preview or change another's mode; a workspace without an export is refused", async () => {
    const theirs = await tenantWithExport(undefined, "legacy");
    expect(await changeBridgeModeAction(admin, { slug: theirs.slug, to: "shadow", expectedMode: "legacy" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await previewBridgeChange(admin, { slug: theirs.slug, to: "shadow", expectedMode: "legacy" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: theirs.id } })).bridgeMode).toBe("legacy");
    const plain = await createTenant();
    const plainAdmin = await cookiesFor((await createUser({ tenantIds: [plain.id] })).id);
    expect(await changeBridgeModeAction(plainAdmin, { slug: plain.slug, to: "shadow", expectedMode: "legacy" })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no FTP\/SFTP export/) } });
  });
});
