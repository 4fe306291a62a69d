// The demo workspace Globex, installed with live audio on through the real
// install steps (the same functions the wizard's actions call, as its admin):
// API client, history access, every campaign of its domain with call log,
// recordings and live audio, the VoiceStream subscription created at the
// simulator (Five9) with our receiver's endpoint, the event URL and the trust
// token, then the health run and finish. Every demo start brings a new
// simulator that knows nothing of the last one's tokens and subscriptions, so
// an installed Globex is re-authorized and its trust token rotated instead.
// A first call starts a few seconds later, so a live call shows at once.
import { encode } from "next-auth/jwt";
import type { CookieReader } from "../../lib/auth/session";
import { sessionCookieName } from "../../lib/auth/options";
import type { ActionResult } from "../../lib/auth/guard";
import { db } from "../../lib/db";
import { env } from "../../lib/env";
import { executeHealthRun, startHealthRun } from "../../lib/health/run-health-checks";
import { chooseData } from "../../lib/install/choose-data";
import { chooseDomain } from "../../lib/install/choose-domain";
import { connectApiClient } from "../../lib/install/connect-api-client";
import { finishInstall } from "../../lib/install/finish-install";
import { confirmLiveAudio, provisionLiveAudio } from "../../lib/install/live-audio";
import { saveHistoryAccess } from "../../lib/install/save-history-access";
import { voiceStreamState } from "../../lib/realtime/voicestream-state";
import type { RunningSimulator } from "../../sim/server";
import type { SandboxDomain } from "../five9-sandbox";
import type { VoiceStreamTarget } from "./voicestream-target";

function ok<T>(step: string, result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`installing Globex: ${step} failed: ${result.error.message}`);
  return result.data;
}

async function adminCookies(email: string): Promise<CookieReader> {
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const value = await encode({ token: { sub: user.id }, secret: env().AUTH_SECRET, maxAge: 600 });
  return { get: (name) => (name === sessionCookieName() ? { value } : undefined) };
}

async function waitForProof(tenantId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sub = await db().voiceStreamSubscription.findUnique({ where: { tenantId } });
    if (voiceStreamState(sub).proven) return;
    if (Date.now() > deadline) throw new Error(`installing Globex: no VoiceStream traffic with the trust token within ${timeoutMs / 1000} s (${voiceStreamState(sub).summary})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface GlobexLiveAudio {
  target: VoiceStreamTarget;
  campaigns: string[];
  reinstalled: boolean;
}

export async function installGlobexLiveAudio(o: { sim: RunningSimulator; domain: SandboxDomain; slug: string; adminEmail: string; receiverEndpoint: string }): Promise<GlobexLiveAudio> {
  const cookies = await adminCookies(o.adminEmail);
  const slug = o.slug;
  const tenant = await db().tenant.findUniqueOrThrow({ where: { slug }, include: { install: true } });
  const installed = Boolean(tenant.install?.completedAt) && tenant.status !== "uninstalled";
  const client = o.domain.apiClient;
  if (!installed) ok("region", await chooseDomain(cookies, { slug, region: "us" }));
  ok("authorize", await connectApiClient(cookies, { slug, domainId: o.domain.id, clientId: client.clientId, clientSecret: client.clientSecret }));
  if (!installed) {
    ok("history access", await saveHistoryAccess(cookies, { slug, legacyEnabled: false, supervisorUsername: o.domain.admin.username, supervisorPassword: o.domain.admin.password }));
    ok("campaigns and data", await chooseData(cookies, { slug, campaigns: o.domain.campaigns, dataKinds: ["call_log", "recordings", "transcripts", "live_audio"] }));
  }
  const setup = ok("live audio", await provisionLiveAudio(cookies, { slug, rotate: installed }));
  const trustToken = setup.trustToken;
  if (!trustToken) throw new Error("installing Globex: the live-audio step did not generate a trust token");
  // What the admin does in Five9's Admin Console: the subscription with our endpoint, event URL and token.
  const subscription = await o.sim.voicestream.subscriptions.create(o.domain.id, { name: "Loris (demo)", grpcEndpoint: o.receiverEndpoint, eventUrl: setup.eventUrl, trustToken, campaigns: [] });
  if (subscription.status !== "active") throw new Error(`installing Globex: the simulator did not accept the subscription (${subscription.failureReason ?? subscription.status})`);
  // Calls starting in a few seconds: their events prove the token (Five9's check of the event URL proves nothing).
  const now = o.sim.clock.now();
  o.sim.world.addCalls(o.domain.id, 2, new Date(now + 3_000), new Date(now + 20_000));
  await waitForProof(tenant.id, 60_000);
  if (!installed) {
    ok("live audio confirmed", await confirmLiveAudio(cookies, { slug }));
    const run = await startHealthRun(tenant.id, "install", o.adminEmail);
    await executeHealthRun(run.id);
    ok("finish", await finishInstall(cookies, { slug }));
  }
  // The receiver refuses streams until the install is finished: the first streamed call starts now.
  const later = o.sim.clock.now();
  o.sim.world.addCalls(o.domain.id, 1, new Date(later + 2_000), new Date(later + 4_000));
  return { target: { endpoint: o.receiverEndpoint, subscriptionId: subscription.id, domainId: o.domain.id, trustToken }, campaigns: o.domain.campaigns, reinstalled: installed };
}
