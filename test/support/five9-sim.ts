// Test helpers for code that talks to Five9: the simulator in-process (real
// HTTP on free ports) with this process's env pointed at it, a registered
// "Connect with Five9" partner app, fresh simulated domains, and a fetch
// "browser" that answers the simulator's consent page.
import { afterAll, beforeAll } from "vitest";
import { SimClient, type SimPartnerApp } from "../../sim/client";
import { openPage, submitConsent } from "../../sim/oauth/test-browser";
import type { RestLimits } from "../../sim/rest/routes";
import { startSimulator, type RunningSimulator } from "../../sim/server";
import { setProcessEnv } from "../../lib/env";
import { REQUIRED_SCOPES } from "../../lib/five9/endpoints";
import { callbackUrl } from "../../lib/five9/oauth";

export interface SimLogin {
  userId: string;
  username: string;
  password: string;
}

export interface SimDomainFixture {
  domainId: string;
  name: string;
  admin: SimLogin;
  supervisor: SimLogin;
}

export interface Five9Sandbox {
  readonly sim: RunningSimulator;
  readonly client: SimClient;
  /** Loris's partner app in the simulator (FIVE9_APP_CLIENT_ID/SECRET point at it). */
  readonly app: SimPartnerApp;
  /** A new simulated Five9 domain: a Five9 domain can be claimed by one workspace only. */
  newDomain(): Promise<SimDomainFixture>;
  /** A domain-bound API client with the scopes Loris needs (or `scopes`). */
  newApiClient(domainId: string, scopes?: readonly string[]): Promise<{ clientId: string; clientSecret: string }>;
}

let domainCount = 0;

/**
 * Starts one simulator for the test file and points FIVE9_BASE_URL and the
 * marketplace app at it (env() is re-parsed after setProcessEnv). The partner
 * app is registered for exactly `appScopes` (default: what Loris asks for).
 * The simulator runs on real time, so tokens expire when the app expects.
 */
export function five9SandboxPerFile(options: { seed?: number; appScopes?: readonly string[]; restLimits?: RestLimits } = {}): Five9Sandbox {
  const state = {} as { sim: RunningSimulator; client: SimClient; app: SimPartnerApp };
  beforeAll(async () => {
    state.sim = await startSimulator({ seed: options.seed ?? 1, restLimits: options.restLimits });
    state.client = new SimClient(state.sim.baseUrl);
    // The simulator's FTP/SFTP export listens on loopback, which tenants may not enter otherwise.
    setProcessEnv({ FIVE9_BASE_URL: state.sim.baseUrl, OUTBOUND_HOST_ALLOWLIST: "127.0.0.1" });
    state.app = await state.client.createOAuthApp({ name: "Loris", redirectUris: [callbackUrl()], scopes: [...(options.appScopes ?? REQUIRED_SCOPES)] });
    setProcessEnv({ FIVE9_APP_CLIENT_ID: state.app.clientId, FIVE9_APP_CLIENT_SECRET: state.app.clientSecret });
  });
  afterAll(async () => {
    setProcessEnv({ FIVE9_BASE_URL: undefined, FIVE9_APP_CLIENT_ID: undefined, FIVE9_APP_CLIENT_SECRET: undefined, OUTBOUND_HOST_ALLOWLIST: undefined });
    await state.sim?.close();
  });

  return {
    get sim() { return state.sim; },
    get client() { return state.client; },
    get app() { return state.app; },
    async newDomain() {
      const created = await state.client.createDomain({ name: `Sim Domain ${++domainCount} ${process.pid}` });
      const login = (role: "admin" | "supervisor") => {
        const user = created.users.find((u) => u.role === role)!;
        return { userId: user.userId, username: user.username, password: user.password };
      };
      return { domainId: created.domainId, name: created.name, admin: login("admin"), supervisor: login("supervisor") };
    },
    async newApiClient(domainId, scopes = REQUIRED_SCOPES) {
      const { clientId, clientSecret } = await state.client.createApiClient(domainId, { scopes: [...scopes] });
      return { clientId, clientSecret };
    },
  };
}

/**
 * Follows an authorization URL like an admin's browser: opens the simulator's
 * consent page, signs in and approves (or denies), and returns the parameters
 * of the redirect back to Loris's callback.
 */
export async function answerConsent(sim: RunningSimulator, authorizationUrl: string, decision: { approveAs: { username: string; password: string }; grantOnly?: string[] } | "deny"): Promise<URLSearchParams> {
  const page = await openPage(authorizationUrl);
  if (!page.pendingId) throw new Error(`No consent page (${page.response.status}): ${page.html.slice(0, 300)}`);
  const fields: Record<string, string> = decision === "deny" ? { pending: page.pendingId, decision: "deny" } : { pending: page.pendingId, ...decision.approveAs, decision: "approve" };
  if (decision !== "deny" && decision.grantOnly) {
    // As an admin unticking scopes on the page: only these are granted.
    const form = new URLSearchParams({ ...fields, scopes_shown: "1" });
    for (const scope of decision.grantOnly) form.append("scope", scope);
    const response = await fetch(`${sim.baseUrl}/oauth2/v1/authorize`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form, redirect: "manual" });
    return callbackParams(response);
  }
  const submitted = await submitConsent(sim, fields);
  return callbackParams(submitted.response);
}

/** The query of a redirect to Loris's callback (error redirects from the authorize GET included). */
export function callbackParams(response: Response): URLSearchParams {
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) throw new Error(`Expected a redirect to the callback, got ${response.status}`);
  const target = new URL(location);
  if (`${target.origin}${target.pathname}` !== callbackUrl()) throw new Error(`Redirected to ${target.origin}${target.pathname}, not the callback`);
  return target.searchParams;
}
