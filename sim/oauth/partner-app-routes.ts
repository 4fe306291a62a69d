// Control API for OAuth: partner (marketplace) apps, and levers that make a
// connector's refresh fail the ways it fails against the real Five9 — an
// expired refresh token, or an admin removing the app's access.
import { z } from "zod";
import { jsonBody, sendJson, type Router } from "../http/router";
import type { SimWorld } from "../world/world";
import { KNOWN_SCOPES, type ApiClient, type OAuthStore } from "./clients";

/** RFC 6749 §3.1.2: an absolute URI without a fragment, matched later by exact string comparison. */
const redirectUri = z.url().refine((u) => !u.includes("#"), "must not contain a fragment (#)");

const schemas = {
  app: z.object({
    name: z.string().trim().min(1).max(100),
    redirectUris: z.array(redirectUri).min(1).max(20),
    scopes: z.array(z.enum(KNOWN_SCOPES)).min(1),
  }),
  filter: z.object({ domainId: z.string().min(1).optional(), clientId: z.string().min(1).optional() }),
};

function describeApp(app: ApiClient) {
  return { clientId: app.clientId, name: app.name, redirectUris: app.redirectUris, scopes: app.scopes, createdAt: new Date(app.createdAt).toISOString() };
}

export function registerPartnerAppRoutes(router: Router, deps: { world: SimWorld; oauth: OAuthStore }): void {
  const { world, oauth } = deps;

  router.on("POST", "/_sim/oauth-apps", async (ctx) => {
    const input = await jsonBody(ctx, schemas.app);
    const app = oauth.createPartnerApp(input.name, [...new Set(input.scopes)], [...new Set(input.redirectUris)]);
    // The secret is shown once, as in Admin Console.
    sendJson(ctx.res, 201, { ...describeApp(app), clientSecret: app.clientSecret });
  });
  router.on("GET", "/_sim/oauth-apps", (ctx) => {
    sendJson(ctx.res, 200, { apps: [...oauth.clients.values()].filter((c) => c.domainId === null).map(describeApp) });
  });

  // Who authorized what: grants (one per redeemed code) with their domain and state.
  router.on("GET", "/_sim/oauth/grants", (ctx) => {
    const domainId = ctx.url.searchParams.get("domainId");
    const grants = [...oauth.grants.values()]
      .filter((g) => !domainId || g.domainId === domainId)
      .map((g) => ({ grantId: g.grantId, clientId: g.clientId, domainId: g.domainId, userId: g.userId, scopes: g.scopes, createdAt: new Date(g.createdAt).toISOString(), revoked: g.revoked }));
    sendJson(ctx.res, 200, { grants });
  });
  router.on("POST", "/_sim/oauth/expire-refresh-tokens", async (ctx) => {
    const input = await jsonBody(ctx, schemas.filter);
    if (input.domainId) world.domain(input.domainId);
    sendJson(ctx.res, 200, { expired: oauth.expireRefreshTokens(input) });
  });
  router.on("POST", "/_sim/oauth/revoke-grants", async (ctx) => {
    const input = await jsonBody(ctx, schemas.filter);
    if (input.domainId) world.domain(input.domainId);
    sendJson(ctx.res, 200, { revoked: oauth.revokeGrants(input) });
  });
}
