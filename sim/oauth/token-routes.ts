// OAuth 2.0 token and revocation endpoints (RFC 6749 §4.4 client credentials,
// §5.2 errors; RFC 7009 revocation). Client auth by HTTP Basic or form body.
import type { ServerResponse } from "node:http";
import type { RouteContext, Router } from "../http/router";
import type { OAuthStore } from "./clients";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export function oauthError(res: ServerResponse, status: number, error: string, description: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...NO_STORE, ...extra });
  res.end(JSON.stringify({ error, error_description: description }));
}

/** Client credentials from the Authorization header (Basic) or the body; both at once is an error. */
export function clientCredentials(ctx: RouteContext, form: URLSearchParams): { id: string; secret: string; via: "basic" | "body" } | "conflict" | undefined {
  const header = ctx.req.headers.authorization;
  const bodyId = form.get("client_id");
  const bodySecret = form.get("client_secret");
  if (header?.startsWith("Basic ")) {
    if (bodySecret) return "conflict";
    const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
    const index = decoded.indexOf(":");
    if (index < 0) return undefined;
    return { id: decodeURIComponent(decoded.slice(0, index)), secret: decodeURIComponent(decoded.slice(index + 1)), via: "basic" };
  }
  if (bodyId && bodySecret) return { id: bodyId, secret: bodySecret, via: "body" };
  return undefined;
}

export async function readForm(ctx: RouteContext): Promise<URLSearchParams | undefined> {
  const type = ctx.req.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return undefined;
  return new URLSearchParams((await ctx.body()).toString("utf8"));
}

export function registerTokenRoutes(router: Router, store: OAuthStore, grants: { authorizationCode?: (ctx: RouteContext, form: URLSearchParams) => Promise<void> } = {}): void {
  router.on("POST", "/oauth2/v1/token", async (ctx) => {
    const form = await readForm(ctx);
    if (!form) return oauthError(ctx.res, 400, "invalid_request", "Use application/x-www-form-urlencoded");
    const grantType = form.get("grant_type");
    if (!grantType) return oauthError(ctx.res, 400, "invalid_request", "grant_type is required");
    if ((grantType === "authorization_code" || grantType === "refresh_token") && grants.authorizationCode) return grants.authorizationCode(ctx, form);
    if (grantType !== "client_credentials") return oauthError(ctx.res, 400, "unsupported_grant_type", `grant_type ${grantType} is not supported`);

    const creds = clientCredentials(ctx, form);
    if (creds === "conflict") return oauthError(ctx.res, 400, "invalid_request", "Use one client authentication method, not two");
    const client = creds && store.authenticate(creds.id, creds.secret);
    if (!client) return oauthError(ctx.res, 401, "invalid_client", "Client authentication failed", { "www-authenticate": 'Basic realm="five9"' });

    const requested = form.get("scope")?.split(" ").filter(Boolean) ?? client.scopes;
    const unknown = requested.filter((s) => !client.scopes.includes(s));
    if (unknown.length > 0) return oauthError(ctx.res, 400, "invalid_scope", `Scope not granted to this client: ${unknown.join(" ")}`);
    const token = store.issue(client, requested);
    ctx.res.writeHead(200, { "content-type": "application/json", ...NO_STORE });
    ctx.res.end(JSON.stringify({ access_token: token.token, token_type: "Bearer", expires_in: store.tokenLifetimeSeconds, scope: requested.join(" ") }));
  });

  router.on("POST", "/oauth2/v1/revoke", async (ctx) => {
    const form = await readForm(ctx);
    if (!form) return oauthError(ctx.res, 400, "invalid_request", "Use application/x-www-form-urlencoded");
    const creds = clientCredentials(ctx, form);
    const client = creds && creds !== "conflict" ? store.authenticate(creds.id, creds.secret) : undefined;
    if (!client) return oauthError(ctx.res, 401, "invalid_client", "Client authentication failed", { "www-authenticate": 'Basic realm="five9"' });
    const token = form.get("token");
    if (!token) return oauthError(ctx.res, 400, "invalid_request", "token is required");
    store.revoke(token, client.clientId);
    // RFC 7009 §2.2: 200 whether or not the token was valid.
    ctx.res.writeHead(200, NO_STORE).end();
  });
}
