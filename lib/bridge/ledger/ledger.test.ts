// The completeness ledger on a real database: per local day of the domain's
// zone, expected calls against each source, legacy files' match states and
// gaps; the CSV route; one tenant never sees another's ledger; "fill the
// gaps" queues the API for exactly the day's calls without a recording.
import { describe, expect, it } from "vitest";
import { GET as getLedgerCsv } from "@/app/api/tenants/[slug]/bridge/ledger/route";
import { db } from "../../db";
import { createUser } from "../../../test/support/fixtures";
import { cookiesFor, requestAs } from "../../../test/support/sessions";
import { supportOverview } from "../../tenants/support-overview";
import { fillLedgerGaps } from "../modes/mode-actions";
import { bridgeView } from "./bridge-view";
import { ledgerDays } from "./ledger";

async function seedTenant(slug: string) {
  const tenant = await db().tenant.create({ data: { slug, name: slug, five9DomainId: `d-${slug}`, five9TimeZone: "America/New_York", status: "installed", bridgeMode: "shadow" } });
  await db().legacyExportSource.create({ data: { tenantId: tenant.id, protocol: "ftp", host: "127.0.0.1", port: 1, username: "x", passwordSealed: "not opened" } });
  // 2026-11-20 in New York runs 05:00Z – 05:00Z next day: 04:30Z belongs to the 19th.
  const calls = [
    { id: "a", at: "2026-11-20T04:30:00Z", rec: ["ftp"] },
    { id: "b", at: "2026-11-20T15:00:00Z", rec: ["ftp", "api"], transcripts: ["ftp", "api"] },
    { id: "c", at: "2026-11-20T16:00:00Z", rec: ["api"], live: true, transcripts: ["api"] },
    { id: "d", at: "2026-11-20T17:00:00Z", rec: [] },
    { id: "e", at: "2026-11-21T04:59:00Z", rec: [] },
  ];
  for (const c of calls) {
    const call = await db().call.create({ data: { tenantId: tenant.id, five9CallId: `${slug}-${c.id}`, startedAt: new Date(c.at), raw: {}, mediaCheckedAt: new Date() } });
    for (const source of c.rec) await db().callRecording.create({ data: { tenantId: tenant.id, callId: call.id, source, blobKey: `${c.id}-${source}`, sha256: "0".repeat(64), bytes: 1n } });
    for (const source of c.transcripts ?? []) await db().callTranscript.create({ data: { tenantId: tenant.id, callId: call.id, source, segments: [] } });
    if (c.live) await db().liveAudio.create({ data: { tenantId: tenant.id, callId: call.id, leg: "conversation", blobKey: "l", sha256: "0".repeat(64), bytes: 1n, durationMs: 1 } });
  }
  const candidate = await db().call.findFirstOrThrow({ where: { tenantId: tenant.id, five9CallId: `${slug}-d` } });
  const file = (path: string, matchState: string, localStart: string, candidates: string[] = [], kind = "recording") =>
    db().legacyFile.create({ data: { tenantId: tenant.id, path, kind, size: 1n, status: "imported", matchState, localStart: new Date(localStart), candidates } });
  await file("/S/11_20_2026/m.wav", "matched", "2026-11-20T10:00:00Z");
  await file("/S/11_20_2026/amb.wav", "ambiguous", "2026-11-20T12:00:00Z", [candidate.id]);
  await file("/S/11_20_2026/un.wav", "unmatched", "2026-11-20T23:59:00Z");
  // A transcript beside it: listed among the files to match, not counted as a recording file.
  await file("/S/11_20_2026/un.json", "unmatched", "2026-11-20T23:59:00Z", [], "transcript");
  return tenant;
}

describe("completeness ledger", () => {
  it("counts per local day and source, in one grouped query, with zeros for empty days", async () => {
    const tenant = await seedTenant("ledger-a");
    const days = await ledgerDays(tenant.id, { fromDay: "2026-11-18", toDay: "2026-11-21" });
    expect(days.map((d) => d.day)).toEqual(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"]);
    expect(days[0]).toMatchObject({ expected: 0, gaps: 0, filesMatched: 0 });
    expect(days[1]).toMatchObject({ expected: 1, ftp: 1, api: 0, onlyFtp: 1, gaps: 0 });
    expect(days[2]).toEqual({ day: "2026-11-20", expected: 4, ftp: 1, api: 2, ftpTranscript: 1, apiTranscript: 2, live: 1, onlyFtp: 0, onlyApi: 1, gaps: 2, filesMatched: 1, filesAmbiguous: 1, filesUnmatched: 1 });
    expect(days[3]).toMatchObject({ expected: 0 });
    const view = await bridgeView(tenant.id);
    expect(view.openFiles.map((f) => `${f.kind} ${f.matchState}`).sort()).toEqual(["recording ambiguous", "recording unmatched", "transcript unmatched"]);
    expect(view.openFilesTotal).toBe(3);
    expect(view.openFiles.find((f) => f.matchState === "ambiguous")?.candidates.map((c) => c.five9CallId)).toEqual(["ledger-a-d"]);
  });

  it("one tenant never sees another's ledger (page data, CSV, support overview per tenant)", async () => {
    const a = await seedTenant("ledger-b");
    const b = await seedTenant("ledger-c");
    const admin = await createUser({ tenantIds: [a.id] });
    const mine = await getLedgerCsv(await requestAs(admin.id, `http://x/api/tenants/${a.slug}/bridge/ledger?days=400`), { params: Promise.resolve({ slug: a.slug }) });
    expect(mine.status).toBe(400);
    const theirs = await getLedgerCsv(await requestAs(admin.id, `http://x/api/tenants/${b.slug}/bridge/ledger`), { params: Promise.resolve({ slug: b.slug }) });
    expect(theirs.status).toBe(404);
    const csv = await getLedgerCsv(await requestAs(admin.id, `http://x/api/tenants/${a.slug}/bridge/ledger?days=3`), { params: Promise.resolve({ slug: a.slug }) });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split("\r\n")[0]).toBe("day,expected,ftp_recordings,api_recordings,ftp_transcripts,api_transcripts,live_audio,only_ftp,only_api,gaps,files_matched,files_ambiguous,files_unmatched");
    const onlyA = await ledgerDays(a.id, { fromDay: "2026-11-20", toDay: "2026-11-20" });
    expect(onlyA[0]).toMatchObject({ expected: 4, filesAmbiguous: 1 });
    const ops = await supportOverview([a.id, b.id], new Date("2026-11-22T00:00:00Z"));
    expect(ops.get(a.id)?.bridge).toEqual({ line: "Shadow (FTP export and APIs side by side)", gaps: 2 });
  });

  it("fill the gaps: clears the media check of the day's calls without a recording and queues a backfill of the day", async () => {
    const tenant = await seedTenant("ledger-d");
    const admin = await cookiesFor((await createUser({ tenantIds: [tenant.id] })).id);
    const result = await fillLedgerGaps(admin, { slug: tenant.slug, day: "2026-11-20" });
    expect(result).toMatchObject({ ok: true, data: { day: "2026-11-20", calls: 2 } });
    const reset = await db().call.findMany({ where: { tenantId: tenant.id, mediaCheckedAt: null }, orderBy: { five9CallId: "asc" } });
    expect(reset.map((c) => c.five9CallId)).toEqual(["ledger-d-d", "ledger-d-e"]);
    const backfill = await db().backfill.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(backfill).toMatchObject({ from: new Date("2026-11-20T05:00:00Z"), to: new Date("2026-11-21T05:00:00Z") });
    expect(await fillLedgerGaps(admin, { slug: tenant.slug, day: "20-11-2026" })).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    expect(await fillLedgerGaps(admin, { slug: tenant.slug, day: "2099-01-01" })).toMatchObject({ ok: false, error: { fields: { day: expect.any(String) } } });
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "legacy" } });
    expect(await fillLedgerGaps(admin, { slug: tenant.slug, day: "2026-11-20" })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/legacy mode/) } });
    expect((await bridgeView(tenant.id)).fillGapsRefusal).toMatch(/legacy mode/);
    // APIs only: the API already fetches every call, there is nothing else to fill from — not offered, refused.
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "api", bridgeWatermark: new Date("2026-11-01T00:00:00Z") } });
    expect((await bridgeView(tenant.id)).fillGapsRefusal).toMatch(/already fetch every call/);
    expect(await fillLedgerGaps(admin, { slug: tenant.slug, day: "2026-11-20" })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/already fetch every call/) } });
    await db().tenant.update({ where: { id: tenant.id }, data: { bridgeMode: "cutover" } });
    expect((await bridgeView(tenant.id)).fillGapsRefusal).toBeNull();
  });

  it("a gap is a recording expected and missing after the grace period: not an abandoned call, not a call still arriving", async () => {
    const tenant = await seedTenant("ledger-e");
    const at = (iso: string) => new Date(iso);
    const add = (id: string, startedAt: string, endedAt: string, raw: Record<string, string>) =>
      db().call.create({ data: { tenantId: tenant.id, five9CallId: `ledger-e-${id}`, startedAt: at(startedAt), endedAt: at(endedAt), raw } });
    await add("abandoned", "2026-11-20T18:00:00Z", "2026-11-20T18:00:30Z", { ABANDONED: "1", RECORDINGS: "" });
    await add("unrecorded", "2026-11-20T18:10:00Z", "2026-11-20T18:11:00Z", { ABANDONED: "0", RECORDINGS: "" });
    await add("recorded", "2026-11-20T18:20:00Z", "2026-11-20T18:30:00Z", { ABANDONED: "0", RECORDINGS: "x.wav" });
    const day = (now: string) => ledgerDays(tenant.id, { fromDay: "2026-11-20", toDay: "2026-11-20", now: at(now) });
    // Seeded: d has no recording (a gap); the three new calls count as expected calls.
    expect((await day("2026-11-20T19:30:00Z"))[0]).toMatchObject({ expected: 7, gaps: 1 });
    expect((await day("2026-11-20T20:31:00Z"))[0]).toMatchObject({ expected: 7, gaps: 2 });
  });
});
