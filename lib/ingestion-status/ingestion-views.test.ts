// The ingestion status and call views on a real database: per-day counts,
// completeness and lag, call filters and paging, and every route scoped to
// its tenant (another workspace's admin gets 404 and no data).
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCall } from "@/app/api/tenants/[slug]/calls/[callId]/route";
import { GET as getRecording } from "@/app/api/tenants/[slug]/calls/[callId]/recording/route";
import { GET as getCalls } from "@/app/api/tenants/[slug]/calls/route";
import { GET as getIngestion } from "@/app/api/tenants/[slug]/ingestion/route";
import { blobStore } from "../blob/blob-store-from-env";
import { recordingBlobKey } from "../blob/blob-store";
import { db } from "../db";
import { createTenant, createUser } from "../../test/support/fixtures";
import { requestAs } from "../../test/support/sessions";
import { ingestionStatus } from "./ingestion-status";
import { dailyStats } from "./daily-stats";
import { ledgerDays } from "../bridge/ledger/ledger";
import { callDetail, listCalls, parseCallFilters } from "./calls";
import { parseRange } from "./recording-response";

const NOW = new Date("2026-11-20T12:00:00Z");
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
let tenantA: { id: string; slug: string };
let tenantB: { id: string; slug: string };
let adminA: { id: string };
let callWithRecording: string;
let callOfB: string;
const WAV = Buffer.from("RIFF0000WAVEfmt " + "x".repeat(100));

async function addCall(tenantId: string, n: number, startedAt: Date, extra: { campaign?: string; agent?: string } = {}) {
  return db().call.create({
    data: { tenantId, five9CallId: `C${n}`, startedAt, endedAt: new Date(startedAt.getTime() + 120_000), firstSeenAt: new Date(startedAt.getTime() + 120_000 + 10 * 60_000), durationSeconds: 120, campaign: extra.campaign ?? "Sales", agentUsername: extra.agent ?? "ana", raw: {} },
  });
}

beforeAll(async () => {
  tenantA = await createTenant("views-a");
  // Days are the domain's local days; a UTC domain keeps these fixtures' days plain.
  await db().tenant.update({ where: { id: tenantA.id }, data: { five9TimeZone: "UTC" } });
  tenantB = await createTenant("views-b");
  await db().install.create({ data: { tenantId: tenantA.id, step: "done", completedAt: new Date("2026-11-01T00:00:00Z") } });
  adminA = await createUser({ tenantIds: [tenantA.id] });
  const day1 = new Date("2026-11-18T09:00:00Z");
  const day2 = new Date("2026-11-19T09:00:00Z");
  const calls = [];
  for (let i = 0; i < 3; i++) calls.push(await addCall(tenantA.id, i, new Date(day1.getTime() + i * 60_000)));
  for (let i = 3; i < 8; i++) calls.push(await addCall(tenantA.id, i, new Date(day2.getTime() + i * 60_000), { campaign: i % 2 ? "Support" : "Sales", agent: i % 2 ? "bo" : "ana" }));
  callWithRecording = calls[0]!.id;
  const key = recordingBlobKey(tenantA.id, callWithRecording);
  const info = await blobStore().put(key, Readable.from([WAV]), { contentType: "audio/wav" });
  await db().callRecording.create({ data: { tenantId: tenantA.id, callId: callWithRecording, blobKey: key, sha256: "a".repeat(64), bytes: BigInt(info.bytes), durationMs: 1000 } });
  await db().callTranscript.create({ data: { tenantId: tenantA.id, callId: calls[4]!.id, segments: [{ speaker: "agent", startMs: 0, endMs: 900, text: "Hello" }] } });
  callOfB = (await addCall(tenantB.id, 99, day2)).id;
});

describe("ingestion status", () => {
  it("counts calls per local day with completeness and the median lag", async () => {
    const { timeZone, days } = await dailyStats(tenantA.id, 5, NOW);
    expect(timeZone).toBe("UTC");
    expect(days.map((d) => d.day)).toEqual(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]);
    expect(days[2]).toEqual({ day: "2026-11-18", calls: 3, withRecording: 1, withTranscript: 0, lagMinutes: 10 });
    expect(days[3]).toMatchObject({ calls: 5, withRecording: 0, withTranscript: 1 });
    expect(days[0]).toEqual({ day: "2026-11-16", calls: 0, withRecording: 0, withTranscript: 0, lagMinutes: null });
  });

  it("counts lag only for calls that ended while Loris was installed", async () => {
    const tenant = await db().tenant.update({ where: { id: (await createTenant("views-lag")).id }, data: { five9TimeZone: "UTC" } });
    const call = (n: number, endedAt: string, lagMinutes: number) =>
      db().call.create({ data: { tenantId: tenant.id, five9CallId: `L${n}`, startedAt: new Date(Date.parse(endedAt) - 60_000), endedAt: new Date(endedAt), firstSeenAt: new Date(Date.parse(endedAt) + lagMinutes * 60_000), raw: {} } });
    await call(1, "2026-11-18T06:00:00Z", 1_500); // before the install: read by the first sync or a backfill
    await call(2, "2026-11-19T09:00:00Z", 4);
    await call(3, "2026-11-19T10:00:00Z", 6);
    await call(4, "2026-11-19T11:00:00Z", 2_880); // missed by the live sync, caught two days later: real lag
    expect((await dailyStats(tenant.id, 3, NOW)).days.map((d) => d.lagMinutes)).toEqual([null, null, null]);

    await db().install.create({ data: { tenantId: tenant.id, step: "done", completedAt: new Date("2026-11-18T08:00:00Z") } });
    const { days } = await dailyStats(tenant.id, 3, NOW);
    expect(days[0]).toMatchObject({ day: "2026-11-18", calls: 1, lagMinutes: null });
    expect(days[1]).toMatchObject({ day: "2026-11-19", calls: 3, lagMinutes: 6 });
  });

  it("counts a call by the domain's local day: 02:00 UTC is the evening before in US Pacific", async () => {
    const pacific = await db().tenant.update({ where: { id: (await createTenant("views-pacific")).id }, data: { five9TimeZone: "America/Los_Angeles" } });
    const unknown = await createTenant("views-no-zone"); // Five9 has not said: US Pacific, Five9's default
    for (const t of [pacific, unknown]) {
      const call = await addCall(t.id, 1, new Date("2026-11-20T02:00:00Z")); // 18:00 PST on Nov 19
      await db().callTranscript.create({ data: { tenantId: t.id, callId: call.id, source: "ftp", segments: [] } });
      await db().callTranscript.create({ data: { tenantId: t.id, callId: call.id, source: "api", segments: [] } });
      const { timeZone, days } = await dailyStats(t.id, 2, NOW); // NOW = Nov 20 04:00 PST
      expect(timeZone).toBe("America/Los_Angeles");
      expect(days).toEqual([
        { day: "2026-11-19", calls: 1, withRecording: 0, withTranscript: 1, lagMinutes: null },
        { day: "2026-11-20", calls: 0, withRecording: 0, withTranscript: 0, lagMinutes: null },
      ]);
      // The ledger puts it on the same day (one rule: lib/five9/domain-time-zone.ts).
      expect((await ledgerDays(t.id, { fromDay: "2026-11-19", toDay: "2026-11-20" })).map((d) => [d.day, d.expected, d.ftpTranscript, d.apiTranscript])).toEqual([["2026-11-19", 1, 1, 1], ["2026-11-20", 0, 0, 0]]);
    }
  });

  it("the route answers the tenant's own status and 404 for another workspace", async () => {
    const own = await getIngestion(await requestAs(adminA.id, `http://x/api/tenants/${tenantA.slug}/ingestion`), ctx({ slug: tenantA.slug }));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { status: { totals: { calls: number } } }).status.totals.calls).toBe(8);
    const other = await getIngestion(await requestAs(adminA.id, `http://x/api/tenants/${tenantB.slug}/ingestion`), ctx({ slug: tenantB.slug }));
    expect(other.status).toBe(404);
  });
});

describe("call list", () => {
  const filters = (raw: Record<string, string>) => {
    const parsed = parseCallFilters(raw);
    if (!parsed.success) throw new Error(parsed.error.message);
    return parsed.data;
  };

  it("filters by day, campaign, agent, recording and transcript", async () => {
    expect((await listCalls(tenantA.id, filters({}))).calls).toHaveLength(8);
    expect((await listCalls(tenantA.id, filters({ from: "2026-11-19", to: "2026-11-19" }))).calls).toHaveLength(5);
    expect((await listCalls(tenantA.id, filters({ campaign: "Support" }))).calls.map((c) => c.five9CallId).sort()).toEqual(["C3", "C5", "C7"]);
    expect((await listCalls(tenantA.id, filters({ agent: "BO" }))).calls).toHaveLength(3);
    expect((await listCalls(tenantA.id, filters({ recording: "yes" }))).calls.map((c) => c.id)).toEqual([callWithRecording]);
    expect((await listCalls(tenantA.id, filters({ transcript: "yes" }))).calls.map((c) => c.five9CallId)).toEqual(["C4"]);
    expect((await listCalls(tenantA.id, filters({ recording: "no" }))).calls).toHaveLength(7);
  });

  it("says where each call's recording and transcript stand", async () => {
    const tenant = await createTenant("views-media");
    // Recordings chosen, transcripts not.
    await db().install.create({ data: { tenantId: tenant.id, step: "done", completedAt: NOW, dataKinds: ["call_log", "recordings"] } });
    const call = (n: number, mediaCheckedAt: Date | null) => db().call.create({ data: { tenantId: tenant.id, five9CallId: `M${n}`, startedAt: new Date(NOW.getTime() - n * 60_000), mediaCheckedAt, raw: {} } });
    const letter = (n: number, attempts: number) => db().deadLetter.create({ data: { tenantId: tenant.id, kind: "media", itemKey: `M${n}`, five9CallId: `M${n}`, reason: "Recording could not be stored", attempts } });
    const pending = await call(1, null);
    const none = await call(2, NOW);
    const failed = await call(3, NOW);
    await letter(3, 5);
    const retrying = await call(4, null);
    await letter(4, 2);
    const stored = await call(5, NOW);
    await db().callRecording.create({ data: { tenantId: tenant.id, callId: stored.id, blobKey: "k", sha256: "b".repeat(64), bytes: 10n } });
    const rows = (await listCalls(tenant.id, filters({}))).calls;
    expect(rows.map((r) => [r.five9CallId, r.recordingState, r.transcriptState])).toEqual([
      ["M1", "pending", "not_chosen"],
      ["M2", "none", "not_chosen"],
      ["M3", "failed", "not_chosen"],
      ["M4", "retrying", "not_chosen"],
      ["M5", "stored", "not_chosen"],
    ]);
    expect(await callDetail(tenant.id, pending.id)).toMatchObject({ recordingState: "pending", recording: null });
    expect(await callDetail(tenant.id, none.id)).toMatchObject({ recordingState: "none" });
    expect(await callDetail(tenant.id, failed.id)).toMatchObject({ recordingState: "failed" });
    expect(await callDetail(tenant.id, retrying.id)).toMatchObject({ recordingState: "retrying" });
    expect((await ingestionStatus(tenant.id, NOW)).totals).toEqual({ calls: 5, withRecording: 1, withTranscript: 0, mediaPending: 2 });
    // A workspace that chose no recordings or transcripts has nothing "to fetch".
    expect((await ingestionStatus(tenantA.id, NOW)).totals.mediaPending).toBe(0);
    // Another workspace's dead letter for the same Five9 call id says nothing about this one.
    await db().deadLetter.create({ data: { tenantId: tenantA.id, kind: "media", itemKey: "M2", five9CallId: "M2", reason: "x" } });
    expect(await callDetail(tenant.id, none.id)).toMatchObject({ recordingState: "none" });
    expect(await callDetail(tenantA.id, failed.id)).toBeNull();
  });

  it("in the bridge's legacy mode says a missing recording comes from the FTP export, not that the APIs will fetch it", async () => {
    const tenant = await createTenant("views-legacy");
    await db().install.create({ data: { tenantId: tenant.id, step: "done", completedAt: NOW, dataKinds: ["call_log", "recordings", "transcripts"] } });
    await db().legacyExportSource.create({ data: { tenantId: tenant.id, protocol: "ftp", host: "ftp.example.com", port: 21, username: "u", passwordSealed: "x", folder: "/" } });
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "legacy" } });
    const waiting = await db().call.create({ data: { tenantId: tenant.id, five9CallId: "L1", startedAt: new Date(NOW.getTime() - 60_000), raw: {} } });
    const stored = await db().call.create({ data: { tenantId: tenant.id, five9CallId: "L2", startedAt: new Date(NOW.getTime() - 120_000), raw: {} } });
    await db().callRecording.create({ data: { tenantId: tenant.id, callId: stored.id, source: "ftp", blobKey: "k2", sha256: "c".repeat(64), bytes: 10n } });
    const rows = (await listCalls(tenant.id, filters({}))).calls;
    expect(rows.map((r) => [r.five9CallId, r.recordingState, r.transcriptState])).toEqual([
      ["L1", "from_export", "from_export"],
      ["L2", "stored", "from_export"],
    ]);
    expect(await callDetail(tenant.id, waiting.id)).toMatchObject({ recordingState: "from_export" });
    expect((await ingestionStatus(tenant.id, NOW)).totals.mediaPending).toBe(0);
    // Shadow: the APIs fetch every call, so the same call is "pending" again.
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "shadow" } });
    expect(await callDetail(tenant.id, waiting.id)).toMatchObject({ recordingState: "pending" });
  });

  it("pages newest first without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listCalls(tenantA.id, filters({ take: "3", ...(after ? { after } : {}) }));
      seen.push(...page.calls.map((c) => c.five9CallId));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual(["C7", "C6", "C5", "C4", "C3", "C2", "C1", "C0"]);
  });

  it("rejects bad filters with a message naming them", async () => {
    const res = await getCalls(await requestAs(adminA.id, `http://x/api/tenants/${tenantA.slug}/calls?from=yesterday`), ctx({ slug: tenantA.slug }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/From: use a date such as/);
  });

  it("never shows another workspace's call, even under one's own slug", async () => {
    const listed = (await (await getCalls(await requestAs(adminA.id, `http://x/api/tenants/${tenantA.slug}/calls`), ctx({ slug: tenantA.slug }))).json()) as { calls: { id: string }[] };
    expect(listed.calls.map((c) => c.id)).not.toContain(callOfB);
    expect((await getCall(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantA.slug, callId: callOfB }))).status).toBe(404);
    expect((await getCall(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantB.slug, callId: callOfB }))).status).toBe(404);
    expect((await getRecording(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantA.slug, callId: callOfB }))).status).toBe(404);
  });
});

describe("recording streaming", () => {
  it("parses single byte ranges and refuses impossible ones", () => {
    expect(parseRange(null, 100)).toBeNull();
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("invalid");
    expect(parseRange("bytes=9-3", 100)).toBe("invalid");
    expect(parseRange("items=0-1", 100)).toBe("invalid");
  });

  it("streams the whole WAV or the range the player asks for", async () => {
    const whole = await getRecording(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantA.slug, callId: callWithRecording }));
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(WAV)).toBe(true);
    const request = await requestAs(adminA.id, "http://x");
    request.headers.set("range", "bytes=4-11");
    const part = await getRecording(request, ctx({ slug: tenantA.slug, callId: callWithRecording }));
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 4-11/${WAV.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe("0000WAVE");
  });
});
