// OAuth 2.0 token and revocation endpoints (RFC 6749 §4.4 client credentials,
// §5.2 errors; RFC 7009 revocation). Client auth by HTTP Basic or form body.
// grant_type=authorization_code and refresh_token are handed to the code-grant
// handler (code-grant.ts) that registerAuthorizationRoutes returns.
import type { RouteContext, Router } from "../http/router";
import type { OAuthStore } from "./clients";
import { authenticateClient, NO_STORE, oauthError, parseScope, readForm, sendTokenResponse } from "./oauth-http";

export function registerTokenRoutes(router: Router, store: OAuthStore, grants: { authorizationCode?: (ctx: RouteContext, form: URLSearchParams) => Promise<void> } = {}): void {
  router.on("POST", "/oauth2/v1/token", async (ctx) => {
    const form = await readForm(ctx);
    if (!form) return oauthError(ctx.res, 400, "invalid_request", "Use application/x-www-form-urlencoded");
    const grantType = form.get("grant_type");
    if (!grantType) return oauthError(ctx.res, 400, "invalid_request", "grant_type is required");
    if ((grantType === "authorization_code" || grantType === "refresh_token") && grants.authorizationCode) return grants.authorizationCode(ctx, form);
    if (grantType !== "client_credentials") return oauthError(ctx.res, 400, "unsupported_grant_type", `grant_type ${grantType} is not supported`);

    const client = authenticateClient(ctx, form, store);
    if (!client) return;
    if (client.domainId === null) return oauthError(ctx.res, 400, "unauthorized_client", "A partner app has no domain of its own: use the authorization code grant");

    const requested = parseScope(form.get("scope")) ?? client.scopes;
    const unknown = requested.filter((s) => !client.scopes.includes(s));
    if (unknown.length > 0) return oauthError(ctx.res, 400, "invalid_scope", `Scope not granted to this client: ${unknown.join(" ")}`);
    const token = store.issue(client, requested);
    sendTokenResponse(ctx.res, { access_token: token.token, token_type: "Bearer", expires_in: store.tokenLifetimeSeconds, scope: requested.join(" ") });
  });

  router.on("POST", "/oauth2/v1/revoke", async (ctx) => {
    const form = await readForm(ctx);
    if (!form) return oauthError(ctx.res, 400, "invalid_request", "Use application/x-www-form-urlencoded");
    const client = authenticateClient(ctx, form, store);
    if (!client) return;
    const token = form.get("token");
    if (!token) return oauthError(ctx.res, 400, "invalid_request", "token is required");
    // Access token: revoked alone. Refresh token: its whole family (RFC 7009 §2.1).
    store.revoke(token, client.clientId, form.get("token_type_hint") ?? undefined);
    // RFC 7009 §2.2: 200 whether or not the token was valid.
    ctx.res.writeHead(200, NO_STORE).end();
  });
}
