// The admin's campaign choice, honoured by everything that stores call data:
// a workspace that chose Inbound Sales and Customer Support stores nothing of
// Outbound Retention — call log sync, backfill, recordings, transcripts. A
// change applies from then on; the calls already stored from a campaign now
// unticked are kept or deleted (rows and files) as the admin chooses; a
// reinstall starts from the earlier choice. Real Postgres, the simulator.
import { beforeAll, describe, expect, it } from "vitest";
import { blobStore } from "../blob/blob-store-from-env";
import { db } from "../db";
import { choiceDefaults, chooseData } from "../install/choose-data";
import { uninstall } from "../install/uninstall";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { fastSync } from "../../test/support/ingest";
import { installTenant, newInstaller, unwrap, type Installer } from "../../test/support/install-flow";
import { createBackfill } from "./backfill/backfill-control";
import { runBackfill } from "./backfill/run-backfill";
import { syncCallLog } from "./call-log/sync-call-log";
import { campaignFilterFor } from "./campaign-filter";
import { forgetCampaignCalls } from "./forget-campaign-calls";
import { ingestMedia } from "./media/ingest-media";

const HOUR = 3_600_000;
const sandbox = five9SandboxPerFile({ seed: 41 });
const CHOSEN = ["Inbound Sales", "Customer Support"];

let installer: Installer;
let domain: SimDomainFixture;
const tenantId = () => installer.tenant.id;

async function storedCampaigns(): Promise<Record<string, number>> {
  const groups = await db().call.groupBy({ by: ["campaign"], where: { tenantId: tenantId() }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.campaign ?? "(none)", g._count._all]));
}

beforeAll(async () => {
  installer = await newInstaller();
  domain = await sandbox.newDomain();
  // The wizard's choice: Inbound Sales and Customer Support; call log and recordings.
  await installTenant(sandbox, installer, domain);
  await db().install.update({ where: { tenantId: tenantId() }, data: { dataKinds: ["call_log", "recordings", "transcripts"] } });
  // The workspace also has an FTP export, so it starts in the bridge's legacy mode (API media off); shadow runs both.
  await db().tenant.update({ where: { id: tenantId() }, data: { bridgeMode: "shadow" } });
});

describe("campaign choice", () => {
  it("the call log sync, a backfill and the media run store nothing of a campaign not chosen", async () => {
    const { sim } = sandbox;
    const now = sim.clock.now();
    expect((await campaignFilterFor(tenantId())).campaigns).toEqual(CHOSEN);
    sim.world.addCalls(domain.domainId, 60, new Date(now - 8 * HOUR), new Date(now - HOUR));
    const truth = sim.world.finishedCallsBetween(domain.domainId, new Date(now - 24 * HOUR), new Date(now));
    const chosenTruth = truth.filter((c) => CHOSEN.includes(c.campaign));
    expect(truth.length - chosenTruth.length).toBeGreaterThan(5);

    const sync = await syncCallLog(tenantId(), fastSync(sim));
    expect(sync.outcome, sync.error).toBe("ok");
    expect(sync.totals?.otherCampaigns).toBe(truth.length - chosenTruth.length);
    expect(Object.keys(await storedCampaigns()).sort()).toEqual([...CHOSEN].sort());
    expect(await db().call.count({ where: { tenantId: tenantId() } })).toBe(chosenTruth.length);

    // A backfill over the same hours reads every row again and still stores only the chosen ones.
    const backfill = await createBackfill(tenantId(), { from: new Date(now - 10 * HOUR), to: new Date(now), partMs: 5 * HOUR });
    expect(await runBackfill(backfill.id, fastSync(sim))).toBe("done");
    expect(await db().call.count({ where: { tenantId: tenantId(), campaign: "Outbound Retention" } })).toBe(0);
    expect((await db().backfill.findUniqueOrThrow({ where: { id: backfill.id } })).callsFound).toBe(chosenTruth.length);

    // A call of the other campaign that is somehow stored (kept from an earlier choice) gets no media.
    const other = truth.find((c) => c.campaign === "Outbound Retention" && c.recorded)!;
    const kept = await db().call.create({ data: { tenantId: tenantId(), five9CallId: other.callId, campaign: "Outbound Retention", startedAt: other.startedAt, raw: {} } });
    const media = await ingestMedia(tenantId(), { maxCalls: 500, now });
    expect(media.outcome).toBe("ok");
    expect(media.totals.calls).toBe(chosenTruth.length);
    expect(media.totals.recordings).toBe(chosenTruth.filter((c) => c.recorded).length);
    expect(await db().callRecording.count({ where: { callId: kept.id } })).toBe(0);
    expect((await db().call.findUniqueOrThrow({ where: { id: kept.id } })).mediaCheckedAt).toBeNull();
    const recordings = await db().callRecording.findMany({ where: { tenantId: tenantId() }, include: { call: { select: { campaign: true } } } });
    expect(recordings.every((r) => CHOSEN.includes(r.call.campaign!))).toBe(true);
    await db().call.delete({ where: { id: kept.id } });
  }, 180_000);

  it("unticking a campaign applies from then on; its stored calls are kept when the admin says keep", async () => {
    const { sim } = sandbox;
    const before = await storedCampaigns();
    const result = unwrap(await chooseData(installer.cookies, { slug: installer.tenant.slug, campaigns: ["Inbound Sales"], dataKinds: ["call_log", "recordings", "transcripts"], storedCalls: "keep" }));
    expect(result.storedCalls).toBe("keep");
    expect(result.unticked).toEqual([{ campaign: "Customer Support", calls: before["Customer Support"] }]);
    expect(await db().$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pgboss.job WHERE name = 'ingest.forget-campaign-calls'`)).toHaveLength(0);

    const now = sim.clock.now();
    sim.world.addCalls(domain.domainId, 60, new Date(now - 50 * 60_000), new Date(now - 10 * 60_000));
    const fresh = sim.world.finishedCallsBetween(domain.domainId, new Date(now - 50 * 60_000), new Date(now)).filter((c) => c.startedAt.getTime() >= now - 50 * 60_000);
    expect((await syncCallLog(tenantId(), fastSync(sim))).outcome).toBe("ok");
    const after = await storedCampaigns();
    // Kept: every Customer Support call stored before; none added since.
    expect(after["Customer Support"]).toBe(before["Customer Support"]);
    expect(after["Inbound Sales"]).toBe(before["Inbound Sales"]! + fresh.filter((c) => c.campaign === "Inbound Sales" && c.startedAt.getTime() < now).length);
    expect(after["Outbound Retention"]).toBeUndefined();
  });

  it("with delete, the unticked campaign's calls, recordings, transcripts and files go (a job), and it is audited", async () => {
    const csCalls = await db().call.findMany({ where: { tenantId: tenantId(), campaign: "Customer Support" }, include: { recordings: true } });
    const files = csCalls.flatMap((c) => c.recordings.map((r) => r.blobKey));
    expect(files.length).toBeGreaterThan(0);
    const inboundBefore = await db().call.count({ where: { tenantId: tenantId(), campaign: "Inbound Sales" } });

    const result = unwrap(await chooseData(installer.cookies, { slug: installer.tenant.slug, campaigns: ["Inbound Sales"], dataKinds: ["call_log", "recordings", "transcripts"], storedCalls: "delete" }));
    expect(result.storedCalls).toBe("delete");
    const queued = await db().$queryRawUnsafe<{ data: { tenantId: string; campaigns: string[] } }[]>(`SELECT data FROM pgboss.job WHERE name = 'ingest.forget-campaign-calls'`);
    expect(queued.map((j) => j.data)).toEqual([expect.objectContaining({ tenantId: tenantId(), campaigns: ["Customer Support"] })]);

    // What the job runs (small batches: more than one round).
    const counts = await forgetCampaignCalls(tenantId(), ["Customer Support"], { batch: 7, requestedBy: installer.user.email });
    expect(counts.calls).toBe(csCalls.length);
    expect(counts.recordings).toBe(files.length);
    expect(await db().call.count({ where: { tenantId: tenantId(), campaign: "Customer Support" } })).toBe(0);
    expect(await db().callRecording.count({ where: { callId: { in: csCalls.map((c) => c.id) } } })).toBe(0);
    expect(await db().callTranscript.count({ where: { callId: { in: csCalls.map((c) => c.id) } } })).toBe(0);
    for (const key of files) expect(await blobStore().head(key)).toBeUndefined();
    expect(await db().call.count({ where: { tenantId: tenantId(), campaign: "Inbound Sales" } })).toBe(inboundBefore);
    const audit = await db().auditLog.findFirstOrThrow({ where: { tenantId: tenantId(), action: "campaign_calls.deleted" } });
    expect(audit.details).toMatchObject({ campaigns: ["Customer Support"], calls: csCalls.length, recordings: files.length });
  });

  it("a deletion queued for a campaign ticked again before it ran deletes nothing", async () => {
    unwrap(await chooseData(installer.cookies, { slug: installer.tenant.slug, campaigns: ["Inbound Sales", "Customer Support"], dataKinds: ["call_log", "recordings", "transcripts"] }));
    await db().call.create({ data: { tenantId: tenantId(), five9CallId: "CS-AGAIN", campaign: "Customer Support", startedAt: new Date(), raw: {} } });
    expect(await forgetCampaignCalls(tenantId(), ["Customer Support"])).toEqual({ calls: 0, recordings: 0, transcripts: 0 });
    expect(await db().call.count({ where: { tenantId: tenantId(), five9CallId: "CS-AGAIN" } })).toBe(1);
  });

  it("a reinstall starts from the earlier choice, not from every campaign", async () => {
    unwrap(await chooseData(installer.cookies, { slug: installer.tenant.slug, campaigns: ["Customer Support"], dataKinds: ["call_log", "recordings"] }));
    unwrap(await uninstall(installer.cookies, { slug: installer.tenant.slug, data: "keep", confirm: installer.tenant.slug }));
    expect(await db().install.count({ where: { tenantId: tenantId() } })).toBe(0);
    expect(await choiceDefaults(tenantId())).toEqual({ campaigns: ["Customer Support"], dataKinds: ["call_log", "recordings"] });
  });
});
