// Test helpers for the install wizard's back end: a signed-in workspace admin,
// ActionResult unwrapping, Five9's first live-audio event, and the whole wizard
// walked with an API client so other tests can start from an installed tenant.
import type { Tenant, User } from "@prisma/client";
import type { ActionResult, Viewer } from "../../lib/auth/guard";
import { viewerFromCookies, type CookieReader } from "../../lib/auth/session";
import { db } from "../../lib/db";
import { executeHealthRun, startHealthRun } from "../../lib/health/run-health-checks";
import { chooseData } from "../../lib/install/choose-data";
import { chooseDomain } from "../../lib/install/choose-domain";
import { connectApiClient } from "../../lib/install/connect-api-client";
import { finishInstall } from "../../lib/install/finish-install";
import { beginFive9Authorization, completeFive9Authorization } from "../../lib/install/five9-authorization";
import { answerValidation, receiveEvent } from "../../lib/install/event-endpoint";
import { confirmLiveAudio, provisionLiveAudio } from "../../lib/install/live-audio";
import { saveHistoryAccess } from "../../lib/install/save-history-access";
import { answerConsent, type Five9Sandbox, type SimDomainFixture } from "./five9-sim";
import { createTenant, createUser } from "./fixtures";
import { cookiesFor } from "./sessions";

export interface Installer {
  tenant: Tenant;
  user: User;
  cookies: CookieReader;
  viewer: Viewer;
}

/** A workspace and its admin, signed in (a real session cookie). */
export async function newInstaller(options: { slug?: string; role?: "customer_admin" | "support"; tenant?: Tenant } = {}): Promise<Installer> {
  const tenant = options.tenant ?? (await createTenant(options.slug));
  const user = await createUser({ role: options.role, tenantIds: options.role === "support" ? [] : [tenant.id] });
  const cookies = await cookiesFor(user.id);
  const viewer = await viewerFromCookies(cookies);
  if (!viewer) throw new Error("the test session did not decode");
  return { tenant, user, cookies, viewer };
}

/** The data of a successful action; a failed one throws with its error, so the test shows why. */
export function unwrap<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(`action failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** The error of a failed action; a success throws. */
export function failureOf<T>(result: ActionResult<T>): { code: string; message: string; fields?: Record<string, string> } {
  if (result.ok) throw new Error(`expected the action to fail, it returned ${JSON.stringify(result.data)}`);
  return result.error;
}

/**
 * What Five9 does once a subscription is created with the right trust token:
 * the validation GET, then a first call event carrying the token, both
 * through the event URL's own code. (Tests that need Five9 itself to send
 * them use the simulator's VoiceStream and a served event URL.)
 */
export async function sendLiveAudioEvent(tenantId: string, trustToken: string): Promise<void> {
  const sub = await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId }, include: { tenant: true } });
  const validation = await answerValidation(sub.eventKey);
  if (validation.status !== 200) throw new Error(`the event URL refused the validation: ${JSON.stringify(validation)}`);
  const event = { eventId: `test-${Date.now()}`, eventType: "CALL_STARTED", timestamp: new Date().toISOString(), sequence: 1, subscriptionId: "sim-subscription", domainId: sub.tenant.five9DomainId, callVariables: { "Call.call_id": "install-check" } };
  const result = await receiveEvent(sub.eventKey, trustToken, event);
  if (result.status !== 204) throw new Error(`the event URL refused the event: ${JSON.stringify(result)}`);
}

/** "Connect with Five9" end to end: begin, the domain admin approves in the simulator, the callback completes. */
export async function connectWithFive9(sandbox: Five9Sandbox, installer: Installer, domain: SimDomainFixture): Promise<void> {
  const { url, binding } = unwrap(await beginFive9Authorization(installer.cookies, { slug: installer.tenant.slug }));
  const params = await answerConsent(sandbox.sim, url, { approveAs: domain.admin });
  const result = await completeFive9Authorization(installer.viewer, binding, params);
  if (!result.ok) throw new Error(`authorization failed: ${result.reason} ${result.detail ?? ""}`);
}

/** A new workspace with a new simulator domain, authorized by an API client (the wizard's first two steps). */
export async function authorizedInstaller(sandbox: Five9Sandbox): Promise<{ installer: Installer; domain: SimDomainFixture }> {
  const domain = await sandbox.newDomain();
  const installer = await newInstaller();
  const slug = installer.tenant.slug;
  unwrap(await chooseDomain(installer.cookies, { slug, region: "us", domainId: domain.domainId }));
  const api = await sandbox.newApiClient(domain.domainId);
  unwrap(await connectApiClient(installer.cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
  return { installer, domain };
}

/** The plaintext secrets an install handled, for tests that prove none leaks. */
export interface InstallSecrets {
  /** API client installs only. */
  clientSecret?: string;
  supervisorPassword: string;
  ftpPassword: string;
  trustToken: string;
}

/**
 * Walks every wizard step — authorization by API client (default) or Connect
 * with Five9, the FTP export, live audio, health run — up to "installed".
 */
export async function installTenant(sandbox: Five9Sandbox, installer: Installer, domain: SimDomainFixture, options: { authorize?: "api_client" | "connect" } = {}): Promise<InstallSecrets> {
  const { cookies, tenant } = installer;
  const slug = tenant.slug;
  const ftp = sandbox.sim.legacy.createExportCredentials(domain.domainId, { sessionIdNaming: true });
  // The region only: Connect with Five9 takes the domain from the grant; the API client path types it with the client.
  unwrap(await chooseDomain(cookies, { slug, region: "us" }));
  let clientSecret: string | undefined;
  if (options.authorize === "connect") {
    await connectWithFive9(sandbox, installer, domain);
  } else {
    const api = await sandbox.newApiClient(domain.domainId);
    clientSecret = api.clientSecret;
    unwrap(await connectApiClient(cookies, { slug, domainId: domain.domainId, clientId: api.clientId, clientSecret }));
  }
  unwrap(await saveHistoryAccess(cookies, {
    slug,
    legacyEnabled: true,
    // SOAP (call log) needs an admin; a supervisor login covers recordings only.
    supervisorUsername: domain.admin.username,
    supervisorPassword: domain.admin.password,
    legacy: { protocol: "ftp", host: "127.0.0.1", port: sandbox.sim.ftpPort, username: ftp.username, password: ftp.password, folder: "/" },
  }));
  unwrap(await chooseData(cookies, { slug, campaigns: ["Inbound Sales", "Customer Support"], dataKinds: ["call_log", "recordings", "live_audio"] }));
  const { trustToken } = unwrap(await provisionLiveAudio(cookies, { slug }));
  await sendLiveAudioEvent(tenant.id, trustToken!);
  unwrap(await confirmLiveAudio(cookies, { slug }));
  const run = await startHealthRun(tenant.id, "install", installer.user.email);
  await executeHealthRun(run.id);
  unwrap(await finishInstall(cookies, { slug }));
  return { clientSecret, supervisorPassword: domain.admin.password, ftpPassword: ftp.password, trustToken: trustToken! };
}
