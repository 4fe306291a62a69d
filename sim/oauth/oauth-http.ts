// HTTP pieces shared by the token, revocation and code-grant handlers: form
// bodies, client authentication (Basic or body) and RFC 6749 §5.2 errors.
import type { ServerResponse } from "node:http";
import type { RouteContext } from "../http/router";
import type { ApiClient, OAuthStore } from "./clients";

export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

export function oauthError(res: ServerResponse, status: number, error: string, description: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...NO_STORE, ...extra });
  res.end(JSON.stringify({ error, error_description: description }));
}

export function sendTokenResponse(res: ServerResponse, body: Record<string, unknown>): void {
  res.writeHead(200, { "content-type": "application/json", ...NO_STORE });
  res.end(JSON.stringify(body));
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
    try {
      return { id: decodeURIComponent(decoded.slice(0, index)), secret: decodeURIComponent(decoded.slice(index + 1)), via: "basic" };
    } catch {
      return undefined; // malformed percent-encoding: authentication fails
    }
  }
  if (bodyId && bodySecret) return { id: bodyId, secret: bodySecret, via: "body" };
  return undefined;
}

/**
 * The authenticated client, or undefined after answering the error itself:
 * `invalid_request` for two methods at once, else `invalid_client` (401 +
 * WWW-Authenticate, RFC 6749 §5.2).
 */
export function authenticateClient(ctx: RouteContext, form: URLSearchParams, store: OAuthStore): ApiClient | undefined {
  const creds = clientCredentials(ctx, form);
  if (creds === "conflict") {
    oauthError(ctx.res, 400, "invalid_request", "Use one client authentication method, not two");
    return undefined;
  }
  const client = creds && store.authenticate(creds.id, creds.secret);
  if (!client) oauthError(ctx.res, 401, "invalid_client", "Client authentication failed", { "www-authenticate": 'Basic realm="five9"' });
  return client;
}

export async function readForm(ctx: RouteContext): Promise<URLSearchParams | undefined> {
  const type = ctx.req.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return undefined;
  return new URLSearchParams((await ctx.body()).toString("utf8"));
}

/** RFC 6749 §3.1: request parameters must not be repeated. The first repeated name, if any. */
export function repeatedParameter(params: URLSearchParams, names: string[]): string | undefined {
  return names.find((name) => params.getAll(name).length > 1);
}

/** Space-separated scope list; undefined when the parameter is absent. */
export function parseScope(value: string | null): string[] | undefined {
  return value === null ? undefined : [...new Set(value.split(" ").filter(Boolean))];
}
