// Uninstall undoes what it says about live audio: Five9 has no API to delete a
// VoiceStream subscription, so the result names it (Five9's id, the event URL)
// and where in Admin Console to delete it, and from then on Loris refuses its
// traffic — the simulator's subscription, still active at "Five9", gets 410s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { serveEventUrl, type EventUrlServer } from "../../test/support/event-url-server";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { installTenant, newInstaller, unwrap, type Installer } from "../../test/support/install-flow";
import { pendingFive9Leftovers } from "./five9-leftovers";
import { uninstall } from "./uninstall";

const sandbox = five9SandboxPerFile({ seed: 43 });
let server: EventUrlServer;
let installer: Installer;
let domain: SimDomainFixture;
let simSubscriptionId: string;

const subscription = () => db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } });

async function placeCallAndWait(until: () => Promise<boolean>) {
  const now = Date.now();
  sandbox.sim.world.addCalls(domain.domainId, 1, new Date(now + 300), new Date(now + 600));
  for (let i = 0; i < 100 && !(await until()); i++) await new Promise((r) => setTimeout(r, 100));
}

beforeAll(async () => {
  server = await serveEventUrl();
  installer = await newInstaller();
  domain = await sandbox.newDomain();
  const { trustToken } = await installTenant(sandbox, installer, domain);
  // The admin creates the subscription in Five9 with Loris's details; a call arrives.
  const created = await sandbox.sim.voicestream.subscriptions.create(domain.domainId, { name: "Loris live audio", grpcEndpoint: "127.0.0.1:9", eventUrl: server.urlFor((await subscription()).eventKey), trustToken });
  expect(created.status).toBe("active");
  simSubscriptionId = created.id;
  await placeCallAndWait(async () => (await subscription()).five9SubscriptionId === simSubscriptionId);
});
afterAll(async () => server?.close());

describe("uninstall with live audio", () => {
  it("names the subscription to delete in Five9's Admin Console, and keeps naming it after a reload", async () => {
    const result = unwrap(await uninstall(installer.cookies, { slug: installer.tenant.slug, data: "keep", confirm: installer.tenant.slug }));
    const voicestream = result.leftovers.find((l) => l.kind === "voicestream_subscription");
    expect(voicestream).toMatchObject({ identify: expect.stringContaining(`id ${simSubscriptionId}`), where: expect.stringMatching(/^Admin Console → VoiceStream → Subscriptions: delete it/) });
    expect(await pendingFive9Leftovers(installer.tenant.id)).toEqual(result.leftovers);
    // Loris could not remove it at Five9: there it is still active.
    expect(sandbox.sim.voicestream.subscriptions.get(domain.domainId, simSubscriptionId)?.status).toBe("active");
  });

  it("refuses the subscription's calls from then on (410), and Five9's next check of the event URL fails", async () => {
    const before = await subscription();
    await placeCallAndWait(async () => Boolean((await subscription()).lastRejectedAt));
    const after = await subscription();
    expect(after.lastRejectedAt).not.toBeNull();
    expect(after.lastRejectReason).toMatch(/deactivated/);
    expect(after.lastAuthenticatedAt).toEqual(before.lastAuthenticatedAt);
    const revalidated = await sandbox.sim.voicestream.subscriptions.validate(domain.domainId, simSubscriptionId);
    expect(revalidated).toMatchObject({ status: "failed", failureReason: "event URL answered HTTP 410" });
  });
});
