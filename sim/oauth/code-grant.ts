// Token endpoint for grant_type=authorization_code (RFC 6749 §4.1.3, PKCE
// RFC 7636 §4.5–4.6) and grant_type=refresh_token (§6, with rotation and
// reuse detection as in the OAuth 2.0 Security BCP, RFC 9700 §4.14).
import type { RouteContext } from "../http/router";
import type { AuthorizationCodes } from "./authorization-codes";
import type { ApiClient, IssuedTokens, OAuthStore } from "./clients";
import { authenticateClient, oauthError, parseScope, repeatedParameter, sendTokenResponse } from "./oauth-http";

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

function sendIssued(ctx: RouteContext, store: OAuthStore, issued: IssuedTokens): void {
  sendTokenResponse(ctx.res, {
    access_token: issued.access.token,
    token_type: "Bearer",
    expires_in: store.tokenLifetimeSeconds,
    refresh_token: issued.refresh.token,
    scope: issued.access.scopes.join(" "),
    domain_id: issued.grant.domainId,
  });
}

function missing(form: URLSearchParams, names: string[]): string | undefined {
  return names.find((name) => !form.get(name));
}

function exchangeCode(ctx: RouteContext, form: URLSearchParams, client: ApiClient, deps: { oauth: OAuthStore; codes: AuthorizationCodes }): void {
  const absent = missing(form, ["code", "redirect_uri", "code_verifier"]);
  if (absent) return oauthError(ctx.res, 400, "invalid_request", `${absent} is required`);
  const verifier = form.get("code_verifier")!;
  if (!VERIFIER.test(verifier)) return oauthError(ctx.res, 400, "invalid_request", "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");

  const result = deps.codes.redeem({ code: form.get("code")!, clientId: client.clientId, redirectUri: form.get("redirect_uri")!, codeVerifier: verifier });
  if (!result.ok) {
    // RFC 6749 §4.1.2: a code used twice revokes what it already issued.
    if (result.replayedGrantId) deps.oauth.revokeGrant(result.replayedGrantId);
    return oauthError(ctx.res, 400, "invalid_grant", result.description);
  }
  const { code } = result;
  const issued = deps.oauth.startGrant({ clientId: client.clientId, domainId: code.domainId, userId: code.userId, scopes: code.scopes });
  deps.codes.markRedeemed(code, issued.grant.grantId);
  sendIssued(ctx, deps.oauth, issued);
}

function refresh(ctx: RouteContext, form: URLSearchParams, client: ApiClient, oauth: OAuthStore): void {
  const token = form.get("refresh_token");
  if (!token) return oauthError(ctx.res, 400, "invalid_request", "refresh_token is required");
  const outcome = oauth.refresh(token, client.clientId, parseScope(form.get("scope")));
  if (!outcome.ok) return oauthError(ctx.res, 400, outcome.error, outcome.description);
  sendIssued(ctx, oauth, outcome.tokens);
}

/** The handler registerTokenRoutes calls for both grant types. */
export function createCodeGrantHandler(deps: { oauth: OAuthStore; codes: AuthorizationCodes }) {
  return async (ctx: RouteContext, form: URLSearchParams): Promise<void> => {
    const repeated = repeatedParameter(form, ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope", "client_id", "client_secret"]);
    if (repeated) return oauthError(ctx.res, 400, "invalid_request", `${repeated} must not be repeated`);
    const client = authenticateClient(ctx, form, deps.oauth);
    if (!client) return;
    if (client.redirectUris.length === 0) return oauthError(ctx.res, 400, "unauthorized_client", "This client has no redirect URI registered, so it may only use client_credentials");
    if (form.get("grant_type") === "refresh_token") return refresh(ctx, form, client, deps.oauth);
    exchangeCode(ctx, form, client, deps);
  };
}
