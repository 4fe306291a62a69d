// Cloud REST APIs: /{service}/v1/domains/{domainId}/…, bearer tokens with
// scope checks, pageLimit (max 100) / pageCursor paging, and a per-domain
// token bucket that answers 429 with Retry-After when it runs dry and reports
// its headroom in X-RateLimit-Limit / X-RateLimit-Remaining.
import type { RouteContext, Router } from "../http/router";
import { HttpError, sendJson } from "../http/router";
import type { FaultRegistry } from "../http/faults";
import type { OAuthStore } from "../oauth/clients";
import type { SimClock } from "../world/types";
import type { SimWorld } from "../world/world";

export interface RestLimits {
  /** Requests per minute per domain. */
  perMinute: number;
}

class DomainBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly clock: SimClock, private readonly limits: RestLimits) {}

  /**
   * Counts the request when a token is left: `wait` is 0 and `remaining` the
   * whole requests still allowed now. Otherwise `wait` is the seconds until
   * the next token and nothing is counted.
   */
  take(domainId: string): { wait: number; remaining: number } {
    const now = this.clock.now();
    const rate = this.limits.perMinute / 60_000;
    const b = this.buckets.get(domainId) ?? { tokens: this.limits.perMinute, at: now };
    b.tokens = Math.min(this.limits.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(domainId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { wait: 0, remaining: Math.floor(b.tokens) };
    }
    return { wait: Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)), remaining: 0 };
  }
}

function page<T>(ctx: RouteContext, items: T[], faults: FaultRegistry, domainId: string) {
  const limitRaw = ctx.url.searchParams.get("pageLimit") ?? "25";
  const pageLimit = Number(limitRaw);
  if (!Number.isInteger(pageLimit) || pageLimit < 1 || pageLimit > 100) throw new HttpError(400, "pageLimit must be an integer from 1 to 100");
  const cursorRaw = ctx.url.searchParams.get("pageCursor");
  let offset = 0;
  if (cursorRaw) {
    const decoded = Number(Buffer.from(cursorRaw, "base64url").toString("utf8").replace(/^o:/, ""));
    if (!Number.isInteger(decoded) || decoded < 0 || decoded > items.length) throw new HttpError(400, "pageCursor is not valid");
    offset = decoded;
  }
  // Duplicate page fault: serve the previous page's window again (overlapping results).
  if (offset > 0 && faults.take("duplicate_page", domainId, ctx.url.pathname)) offset = Math.max(0, offset - pageLimit);
  let slice = items.slice(offset, offset + pageLimit);
  if (faults.take("out_of_order_page", domainId, ctx.url.pathname)) slice = [...slice].reverse();
  const next = offset + pageLimit < items.length ? Buffer.from(`o:${offset + pageLimit}`).toString("base64url") : null;
  return { items: slice, paging: { pageLimit, nextPageCursor: next, total: items.length } };
}

export function registerRestRoutes(router: Router, deps: { world: SimWorld; oauth: OAuthStore; faults: FaultRegistry; clock: SimClock; limits: RestLimits }): void {
  const buckets = new DomainBuckets(deps.clock, deps.limits);

  const guarded = (scope: string, handler: (ctx: RouteContext) => unknown) => async (ctx: RouteContext) => {
    const header = ctx.req.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? deps.oauth.verify(header.slice(7)) : undefined;
    if (!token || deps.faults.take("token_revoked", ctx.params.domainId, ctx.url.pathname)) {
      return sendJson(ctx.res, 401, { error: "invalid_token", error_description: "The access token is missing, expired or revoked" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    }
    if (token.domainId !== ctx.params.domainId) return sendJson(ctx.res, 403, { error: "forbidden", error_description: "The token is not valid for this domain" });
    if (!token.scopes.includes(scope)) return sendJson(ctx.res, 403, { error: "insufficient_scope", error_description: `This call needs the scope ${scope}` }, { "www-authenticate": `Bearer error="insufficient_scope", scope="${scope}"` });
    const { wait, remaining } = buckets.take(token.domainId);
    // Headroom on every rate-counted answer (the name the connector reads: lib/five9/rest.ts).
    const limitHeaders = { "x-ratelimit-limit": String(deps.limits.perMinute), "x-ratelimit-remaining": String(remaining) };
    if (wait > 0) return sendJson(ctx.res, 429, { error: "rate_limited", error_description: "Too many requests for this domain" }, { "retry-after": String(wait), ...limitHeaders });
    sendJson(ctx.res, 200, handler(ctx), limitHeaders);
  };

  router.on("GET", "/domains/v1/domains/:domainId", guarded("domains:read", (ctx) => {
    const d = deps.world.domain(ctx.params.domainId!);
    return { id: d.id, name: d.name, timeZone: d.timeZone };
  }));
  router.on("GET", "/campaigns/v1/domains/:domainId/campaigns", guarded("campaigns:read", (ctx) => {
    const d = deps.world.domain(ctx.params.domainId!);
    const campaigns = d.campaigns.map((name, i) => ({ id: `${d.id}-c${i + 1}`, name, type: name.startsWith("Outbound") ? "OUTBOUND" : "INBOUND", state: "RUNNING" }));
    return page(ctx, campaigns, deps.faults, d.id);
  }));
  router.on("GET", "/users/v1/domains/:domainId/users", guarded("users:read", (ctx) => {
    const d = deps.world.domain(ctx.params.domainId!);
    return page(ctx, d.users.map((u) => ({ id: u.id, userName: u.username, fullName: u.fullName, role: u.role })), deps.faults, d.id);
  }));
}
