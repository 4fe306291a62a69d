// Authorization endpoint (RFC 6749 §4.1 with PKCE S256, RFC 7636) and its
// consent page: a domain admin signs in and approves or denies an app. Also
// mounts the token endpoint's code/refresh grants, the authorization server
// metadata (RFC 8414) and the partner-app control routes.
//
// Error handling follows §4.1.2.1: while the client or redirect URI is not
// trusted, errors are shown on a page and never redirected; after that, they
// go back to the redirect URI with `error`, `error_description`, `state`.
import type { ServerResponse } from "node:http";
import type { RouteContext, Router } from "../http/router";
import type { SimDomain, SimUser } from "../world/domains";
import type { SimClock } from "../world/types";
import type { SimWorld } from "../world/world";
import { AuthorizationCodes, type PendingRequest } from "./authorization-codes";
import { KNOWN_SCOPES, safeEqual, type ApiClient, type OAuthStore } from "./clients";
import { createCodeGrantHandler } from "./code-grant";
import { renderConsentPage, renderErrorPage, sendHtml } from "./consent-page";
import { parseScope, readForm, repeatedParameter } from "./oauth-http";
import { registerPartnerAppRoutes } from "./partner-app-routes";

export interface AuthorizationDeps {
  world: SimWorld;
  oauth: OAuthStore;
  clock: SimClock;
}

export interface AuthorizationGrants {
  /** Handles grant_type=authorization_code and grant_type=refresh_token at the token endpoint. */
  tokenGrant?: (ctx: RouteContext, form: URLSearchParams) => Promise<void>;
}

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_FAILED_SIGN_INS = 5;

type SignIn = { ok: true; user: SimUser; domain: SimDomain } | { ok: false; status: number; message: string };

/** Usernames are unique per domain; the password picks the account, the client may restrict the domain. */
function signInAdmin(world: SimWorld, client: ApiClient, username: string, password: string): SignIn {
  const matches = [...world.domains.values()].flatMap((domain) =>
    domain.users.filter((user) => user.username === username && safeEqual(user.password, password)).map((user) => ({ user, domain })),
  );
  if (matches.length === 0) return { ok: false, status: 401, message: "Incorrect username or password." };
  const inDomain = client.domainId === null ? matches : matches.filter((m) => m.domain.id === client.domainId);
  if (inDomain.length === 0) return { ok: false, status: 403, message: "This app belongs to another Five9 domain: only that domain's administrators can authorize it." };
  const admins = inDomain.filter((m) => m.user.role === "admin");
  if (admins.length === 0) return { ok: false, status: 403, message: `Only a domain administrator can authorize apps; ${username} has the role ${inDomain[0]!.user.role}.` };
  if (admins.length > 1) return { ok: false, status: 409, message: "This username exists in more than one domain; ask Five9 support to tell them apart." };
  return { ok: true, ...admins[0]! };
}

function redirectTo(res: ServerResponse, redirectUri: string, params: Record<string, string | null>): void {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) target.searchParams.set(key, value);
  res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
}

/** The issuer as the client reached us (RFC 9207 `iss` in the response, RFC 8414 metadata). */
const issuerOf = (ctx: RouteContext) => ctx.url.origin;

export function registerAuthorizationRoutes(router: Router, deps: AuthorizationDeps): AuthorizationGrants {
  const { world, oauth } = deps;
  const codes = new AuthorizationCodes(deps.clock);

  const appName = (client: ApiClient) => client.name ?? `API client ${client.clientId}`;
  const showConsent = (res: ServerResponse, status: number, pending: PendingRequest, extra: { username?: string; error?: string } = {}) => {
    const client = oauth.clients.get(pending.clientId)!;
    const domainName = client.domainId === null ? null : (world.domains.get(client.domainId)?.name ?? client.domainId);
    sendHtml(res, status, renderConsentPage({ pendingId: pending.pendingId, appName: appName(client), domainName, scopes: pending.scopes, redirectUri: pending.redirectUri, ...extra }), new URL(pending.redirectUri).origin);
  };

  router.on("GET", "/oauth2/v1/authorize", (ctx) => {
    const q = ctx.url.searchParams;
    // Until client and redirect URI are known to match, nothing is redirected.
    const repeatedIdentity = repeatedParameter(q, ["client_id", "redirect_uri"]);
    if (repeatedIdentity) return sendHtml(ctx.res, 400, renderErrorPage(`The parameter ${repeatedIdentity} appears more than once.`));
    const clientId = q.get("client_id");
    const client = clientId ? oauth.clients.get(clientId) : undefined;
    if (!client) return sendHtml(ctx.res, 400, renderErrorPage(clientId ? "The app that sent you here is not registered with Five9 (unknown client_id)." : "The request has no client_id."));
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return sendHtml(ctx.res, 400, renderErrorPage(redirectUri ? "The redirect_uri is not registered for this app. It must match a registered URI exactly." : "The request has no redirect_uri."));
    }

    const state = q.get("state");
    const fail = (error: string, description: string) => redirectTo(ctx.res, redirectUri, { error, error_description: description, state, iss: issuerOf(ctx) });
    const repeated = repeatedParameter(q, ["response_type", "scope", "state", "code_challenge", "code_challenge_method"]);
    if (repeated) return fail("invalid_request", `${repeated} must not be repeated`);
    const responseType = q.get("response_type");
    if (!responseType) return fail("invalid_request", "response_type is required");
    if (responseType !== "code") return fail("unsupported_response_type", "Only response_type=code is supported");
    const challenge = q.get("code_challenge");
    if (!challenge) return fail("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256");
    // RFC 7636 §4.3: a missing method means plain, which is refused like an explicit plain.
    if (q.get("code_challenge_method") !== "S256") return fail("invalid_request", "code_challenge_method must be S256 (plain is not supported)");
    if (!S256_CHALLENGE.test(challenge)) return fail("invalid_request", "code_challenge must be 43 base64url characters (S256)");
    const scopes = parseScope(q.get("scope"));
    if (!scopes || scopes.length === 0) return fail("invalid_scope", "scope is required");
    const unknown = scopes.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) return fail("invalid_scope", `Unknown scope: ${unknown.join(" ")}`);
    const notAllowed = scopes.filter((s) => !client.scopes.includes(s));
    if (notAllowed.length > 0) return fail("invalid_scope", `Scope not registered for this app: ${notAllowed.join(" ")}`);

    const pending = codes.createPending({ clientId: client.clientId, redirectUri, scopes, state, codeChallenge: challenge });
    showConsent(ctx.res, 200, pending);
  });

  router.on("POST", "/oauth2/v1/authorize", async (ctx) => {
    const form = await readForm(ctx);
    if (!form) return sendHtml(ctx.res, 400, renderErrorPage("The sign-in form was not submitted as a form."));
    const pending = codes.findPending(form.get("pending") ?? "");
    if (!pending || !oauth.clients.has(pending.clientId)) return sendHtml(ctx.res, 400, renderErrorPage("This sign-in page has expired or was already used. Go back to the app and start again."));
    const client = oauth.clients.get(pending.clientId)!;
    const iss = issuerOf(ctx);

    const decision = form.get("decision");
    if (decision === "deny") {
      codes.closePending(pending.pendingId);
      return redirectTo(ctx.res, pending.redirectUri, { error: "access_denied", error_description: "The administrator denied access", state: pending.state, iss });
    }
    const username = form.get("username")?.trim() ?? "";
    if (decision !== "approve") return showConsent(ctx.res, 400, pending, { username, error: "Choose Approve or Deny." });
    const password = form.get("password") ?? "";
    if (!username || !password) return showConsent(ctx.res, 400, pending, { username, error: "Enter your username and password." });

    const signIn = signInAdmin(world, client, username, password);
    if (!signIn.ok) {
      pending.failedSignIns += 1;
      if (pending.failedSignIns >= MAX_FAILED_SIGN_INS) {
        codes.closePending(pending.pendingId);
        return sendHtml(ctx.res, 400, renderErrorPage("Too many failed sign-in attempts. Go back to the app and start again."));
      }
      return showConsent(ctx.res, signIn.status, pending, { username, error: signIn.message });
    }
    // The consent page lets the admin untick scopes; a form without that list (scripts) grants all.
    const granted = form.has("scopes_shown") ? pending.scopes.filter((s) => form.getAll("scope").includes(s)) : pending.scopes;
    if (granted.length === 0) return showConsent(ctx.res, 400, pending, { username, error: "Tick at least one kind of access, or choose Deny." });
    codes.closePending(pending.pendingId);
    const code = codes.issue({ ...pending, scopes: granted }, { domainId: signIn.domain.id, userId: signIn.user.id });
    redirectTo(ctx.res, pending.redirectUri, { code: code.code, state: pending.state, iss });
  });

  // RFC 8414 metadata. Five9 publishes none; the simulator's, so clients can discover it.
  router.on("GET", "/.well-known/oauth-authorization-server", (ctx) => {
    const issuer = issuerOf(ctx);
    ctx.res.writeHead(200, { "content-type": "application/json" });
    ctx.res.end(JSON.stringify({
      issuer,
      authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
      token_endpoint: `${issuer}/oauth2/v1/token`,
      revocation_endpoint: `${issuer}/oauth2/v1/revoke`,
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      scopes_supported: KNOWN_SCOPES,
      authorization_response_iss_parameter_supported: true,
    }));
  });

  registerPartnerAppRoutes(router, { world, oauth });
  return { tokenGrant: createCodeGrantHandler({ oauth, codes }) };
}
