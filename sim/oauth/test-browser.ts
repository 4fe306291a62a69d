// Test helpers for the authorization code flow: a partner app registered over
// the control API, and a "browser" made of fetch calls that opens the consent
// page, reads its hidden pending id and submits the form without following
// the redirect. The OAuth client side is oauth4webapi, as a real app's would be.
import * as oauth from "oauth4webapi";
import type { RunningSimulator } from "../server";

export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export interface TestApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  client: oauth.Client;
}

export function authServer(sim: RunningSimulator): oauth.AuthorizationServer {
  return {
    issuer: sim.baseUrl,
    authorization_endpoint: `${sim.baseUrl}/oauth2/v1/authorize`,
    token_endpoint: `${sim.baseUrl}/oauth2/v1/token`,
    revocation_endpoint: `${sim.baseUrl}/oauth2/v1/revoke`,
    authorization_response_iss_parameter_supported: true,
  };
}

export async function postJson(sim: RunningSimulator, path: string, body: unknown): Promise<Response> {
  return fetch(`${sim.baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

export async function createPartnerApp(sim: RunningSimulator, scopes = ["domains:read", "campaigns:read"], name = "Loris"): Promise<TestApp> {
  const redirectUri = "https://app.loris.test/five9/callback";
  const res = await postJson(sim, "/_sim/oauth-apps", { name, redirectUris: [redirectUri, "http://localhost:3000/callback"], scopes });
  if (res.status !== 201) throw new Error(`oauth-apps answered ${res.status}: ${await res.text()}`);
  const app = (await res.json()) as { clientId: string; clientSecret: string };
  return { ...app, redirectUri, client: { client_id: app.clientId } };
}

export async function createDomainClient(sim: RunningSimulator, domainId: string, scopes: string[], redirectUris: string[]): Promise<TestApp> {
  const res = await postJson(sim, `/_sim/domains/${domainId}/api-clients`, { scopes, redirectUris });
  const app = (await res.json()) as { clientId: string; clientSecret: string };
  return { ...app, redirectUri: redirectUris[0] ?? "", client: { client_id: app.clientId } };
}

export interface AuthorizationStart {
  url: URL;
  verifier: string;
  state: string;
}

/** The authorization URL an app sends the admin to; `params` overrides or removes (null) parameters. */
export async function authorizationUrl(sim: RunningSimulator, app: TestApp, scope: string, params: Record<string, string | null> = {}): Promise<AuthorizationStart> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(`${sim.baseUrl}/oauth2/v1/authorize`);
  const all: Record<string, string | null> = {
    response_type: "code",
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== null) url.searchParams.set(key, value);
  return { url, verifier, state };
}

export interface ConsentPage {
  response: Response;
  html: string;
  pendingId: string | undefined;
}

export async function openPage(url: URL | string): Promise<ConsentPage> {
  const response = await fetch(url, { redirect: "manual" });
  const html = await response.text();
  return { response, html, pendingId: /name="pending" value="([^"]+)"/.exec(html)?.[1] };
}

/** Submits the consent form as a browser would (form-encoded), without following the redirect. */
export async function submitConsent(sim: RunningSimulator, fields: Record<string, string>): Promise<ConsentPage> {
  const response = await fetch(`${sim.baseUrl}/oauth2/v1/authorize`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  const html = await response.text();
  return { response, html, pendingId: /name="pending" value="([^"]+)"/.exec(html)?.[1] };
}

/** GET the consent page, sign in and approve: the callback URL the browser is sent to. */
export async function approve(sim: RunningSimulator, start: AuthorizationStart, admin: { username: string; password: string }): Promise<URL> {
  const page = await openPage(start.url);
  if (!page.pendingId) throw new Error(`No consent page (${page.response.status}): ${page.html.slice(0, 300)}`);
  const submitted = await submitConsent(sim, { pending: page.pendingId, username: admin.username, password: admin.password, decision: "approve" });
  const location = submitted.response.headers.get("location");
  if (submitted.response.status !== 302 || !location) throw new Error(`Approve answered ${submitted.response.status}: ${submitted.html.slice(0, 300)}`);
  return new URL(location);
}

/** The app's side of the callback: validate, then exchange the code with oauth4webapi. */
export async function redeem(sim: RunningSimulator, app: TestApp, start: AuthorizationStart, callback: URL, auth: oauth.ClientAuth = oauth.ClientSecretBasic(app.clientSecret)) {
  const as = authServer(sim);
  const params = oauth.validateAuthResponse(as, app.client, callback, start.state);
  const response = await oauth.authorizationCodeGrantRequest(as, app.client, auth, params, app.redirectUri, start.verifier, insecure);
  return oauth.processAuthorizationCodeResponse(as, app.client, response);
}

/** Full flow: consent by `admin`, code exchanged. */
export async function authorizeAndRedeem(sim: RunningSimulator, app: TestApp, admin: { username: string; password: string }, scope = "domains:read") {
  const start = await authorizationUrl(sim, app, scope);
  const callback = await approve(sim, start, admin);
  return redeem(sim, app, start, callback);
}

export async function refresh(sim: RunningSimulator, app: TestApp, refreshToken: string, scope?: string) {
  const as = authServer(sim);
  const response = await oauth.refreshTokenGrantRequest(as, app.client, oauth.ClientSecretBasic(app.clientSecret), refreshToken, { ...insecure, additionalParameters: scope ? { scope } : undefined });
  return oauth.processRefreshTokenResponse(as, app.client, response);
}

export async function revoke(sim: RunningSimulator, app: TestApp, token: string, hint?: "access_token" | "refresh_token") {
  const response = await oauth.revocationRequest(authServer(sim), app.client, oauth.ClientSecretBasic(app.clientSecret), token, { ...insecure, additionalParameters: hint ? { token_type_hint: hint } : undefined });
  await oauth.processRevocationResponse(response);
}

export function restGet(sim: RunningSimulator, path: string, accessToken: string): Promise<Response> {
  return fetch(`${sim.baseUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
}

/** The OAuth error code an oauth4webapi call rejected with. */
export async function oauthErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError) return error.error;
    // 401 with WWW-Authenticate (invalid_client): the error is in the unread body.
    if (error instanceof oauth.WWWAuthenticateChallengeError) return ((await error.response.json()) as { error: string }).error;
    throw error;
  }
  throw new Error("Expected an OAuth error, got success");
}
