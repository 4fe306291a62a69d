// Live audio is green only when it is true: the simulator's VoiceStream (as a
// Five9 admin sets it up, with a wrong or the right trust token) against
// Loris's event URL served over HTTP. A validation GET proves nothing; a call
// event with the current trust token does, and a token rotation makes the
// subscription wait again until Five9 sends with the new one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { HEALTH_CHECKS } from "../health/checks";
import { chooseData } from "../install/choose-data";
import { chooseDomain } from "../install/choose-domain";
import { connectApiClient } from "../install/connect-api-client";
import { confirmLiveAudio, provisionLiveAudio } from "../install/live-audio";
import { saveHistoryAccess } from "../install/save-history-access";
import { liveAudioStatus } from "../install/status-views";
import { serveEventUrl, type EventUrlServer } from "../../test/support/event-url-server";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { failureOf, newInstaller, unwrap, type Installer } from "../../test/support/install-flow";

const sandbox = five9SandboxPerFile({ seed: 41 });
let server: EventUrlServer;
let installer: Installer;
let domain: SimDomainFixture;

beforeAll(async () => {
  server = await serveEventUrl();
  domain = await sandbox.newDomain();
  installer = await newInstaller();
  const { cookies, tenant: { slug } } = installer;
  unwrap(await chooseDomain(cookies, { slug, region: "us", domainId: domain.domainId }));
  const api = await sandbox.newApiClient(domain.domainId);
  unwrap(await connectApiClient(cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
  unwrap(await saveHistoryAccess(cookies, { slug, legacyEnabled: false, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password }));
  unwrap(await chooseData(cookies, { slug, campaigns: [...sandbox.sim.world.domain(domain.domainId).campaigns], dataKinds: ["call_log", "live_audio"] }));
});
afterAll(async () => server?.close());

const eventUrl = async () => server.urlFor((await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } })).eventKey);
const subscribe = async (trustToken: string) =>
  sandbox.sim.voicestream.subscriptions.create(domain.domainId, { name: "Loris", grpcEndpoint: "127.0.0.1:9", eventUrl: await eventUrl(), trustToken });

async function voiceStreamCheck() {
  const check = HEALTH_CHECKS.find((c) => c.id === "voicestream")!;
  const install = await db().install.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } });
  return check.run({ tenant: installer.tenant, install });
}

/** A call starting in a moment in the simulated domain, and time for its first event to reach Loris. */
async function placeCallAndWait(until: () => Promise<boolean>) {
  const now = Date.now();
  sandbox.sim.world.addCalls(domain.domainId, 1, new Date(now + 300), new Date(now + 600));
  for (let i = 0; i < 100 && !(await until()); i++) await new Promise((r) => setTimeout(r, 100));
}

describe("live audio status", () => {
  it("with a wrong trust token in Five9, says it is waiting and what to check; Continue and the health check refuse", async () => {
    const { cookies, tenant } = installer;
    unwrap(await provisionLiveAudio(cookies, { slug: tenant.slug }));
    const wrong = await subscribe("a-token-the-admin-mistyped");
    // Five9 (the simulator) says the event URL answered the wrong digest.
    expect(wrong).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/digest that does not match/) });

    const { state } = await liveAudioStatus(tenant.id);
    expect(state).toMatchObject({ kind: "checked", proven: false, summary: expect.stringMatching(/waiting for the first call event/) });
    expect(state.hint).toMatch(/trust token entered in Five9 does not match/);
    expect(failureOf(await confirmLiveAudio(cookies, { slug: tenant.slug })).message).toMatch(/waiting for the first call event/);
    expect(await voiceStreamCheck()).toMatchObject({ status: "fail" });
    sandbox.sim.voicestream.subscriptions.remove(domain.domainId, wrong.id);
  });

  it("turns green when a call event with the right trust token arrives; a rotated token makes it wait again and names the mismatch", async () => {
    const { cookies, tenant } = installer;
    const { trustToken } = unwrap(await provisionLiveAudio(cookies, { slug: tenant.slug, rotate: true }));
    const right = await subscribe(trustToken!);
    expect(right.status).toBe("active");
    expect((await liveAudioStatus(tenant.id)).state.proven).toBe(false);

    await placeCallAndWait(async () => (await liveAudioStatus(tenant.id)).state.proven);
    const sub = await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub).toMatchObject({ lastAuthenticatedAt: expect.any(Date), five9SubscriptionId: right.id, lastRejectedAt: null });
    expect((await liveAudioStatus(tenant.id)).state).toMatchObject({ kind: "receiving", proven: true });
    expect(await voiceStreamCheck()).toMatchObject({ status: "pass", message: expect.stringMatching(/^Receiving/) });
    expect(unwrap(await confirmLiveAudio(cookies, { slug: tenant.slug }))).toEqual({ next: "verify" });

    // A new token in Loris; Five9 still has the old one.
    unwrap(await provisionLiveAudio(cookies, { slug: tenant.slug, rotate: true }));
    expect((await liveAudioStatus(tenant.id)).state).toMatchObject({ kind: "waiting", proven: false });
    expect(await voiceStreamCheck()).toMatchObject({ status: "fail" });
    await placeCallAndWait(async () => (await liveAudioStatus(tenant.id)).state.kind === "rejected");
    const { state } = await liveAudioStatus(tenant.id);
    expect(state).toMatchObject({ kind: "rejected", proven: false, summary: expect.stringMatching(/trust token does not match/) });
    expect(state.hint).toMatch(/paste the trust token/);
    expect(await voiceStreamCheck()).toMatchObject({ status: "fail", fixHint: expect.stringMatching(/does not match/) });
  });
});
