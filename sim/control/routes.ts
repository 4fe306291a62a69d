// The control API under /_sim/: how tests and the demo shape the simulated
// world (domains, users, API clients, calls, faults, clock) and read what the
// simulator received. JSON in and out, validated with zod.
import { z } from "zod";
import { jsonBody, sendJson, type Router } from "../http/router";
import { faultSchema, type FaultRegistry } from "../http/faults";
import { KNOWN_SCOPES, type OAuthStore } from "../oauth/clients";
import type { ControllableClock } from "../world/clock";
import { isValidTimeZone } from "../world/domains";
import type { SimWorld } from "../world/world";

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const schemas = {
  domain: z.object({ name: z.string().trim().min(1).max(100), timeZone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as America/Los_Angeles").optional() }),
  apiClient: z.object({ scopes: z.array(z.enum(KNOWN_SCOPES)).min(1), redirectUris: z.array(z.url()).default([]) }),
  user: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(200), role: z.enum(["admin", "supervisor", "agent"]), fullName: z.string().max(200).optional() }),
  calls: z.object({ count: z.number().int().min(1).max(1_000_000), from: isoDate, to: isoDate }),
  clock: z.object({ speed: z.number().min(0).max(10_000).optional(), advanceMs: z.number().int().min(0).optional(), set: isoDate.optional() }),
};

export function registerControlRoutes(router: Router, deps: { world: SimWorld; oauth: OAuthStore; faults: FaultRegistry; clock: ControllableClock }): void {
  const { world, oauth, faults, clock } = deps;

  router.on("POST", "/_sim/domains", async (ctx) => {
    const input = await jsonBody(ctx, schemas.domain);
    const d = world.addDomain(input.name, input.timeZone);
    sendJson(ctx.res, 201, { domainId: d.id, name: d.name, timeZone: d.timeZone, users: d.users.map((u) => ({ userId: u.id, username: u.username, password: u.password, role: u.role })) });
  });
  router.on("GET", "/_sim/domains", (ctx) => {
    sendJson(ctx.res, 200, { domains: [...world.domains.values()].map((d) => ({ domainId: d.id, name: d.name, timeZone: d.timeZone, migrated: d.migrated })) });
  });
  router.on("POST", "/_sim/domains/:domainId/api-clients", async (ctx) => {
    world.domain(ctx.params.domainId!);
    const input = await jsonBody(ctx, schemas.apiClient);
    const client = oauth.createClient(ctx.params.domainId!, input.scopes, input.redirectUris);
    sendJson(ctx.res, 201, { clientId: client.clientId, clientSecret: client.clientSecret, scopes: client.scopes });
  });
  router.on("POST", "/_sim/domains/:domainId/users", async (ctx) => {
    const input = await jsonBody(ctx, schemas.user);
    sendJson(ctx.res, 201, { userId: world.addUser(ctx.params.domainId!, input).id });
  });
  router.on("POST", "/_sim/domains/:domainId/calls", async (ctx) => {
    const input = await jsonBody(ctx, schemas.calls);
    sendJson(ctx.res, 201, { created: world.addCalls(ctx.params.domainId!, input.count, input.from, input.to) });
  });
  router.on("GET", "/_sim/domains/:domainId/calls", (ctx) => {
    const range = z.object({ from: isoDate, to: isoDate }).safeParse(Object.fromEntries(ctx.url.searchParams));
    if (!range.success) return sendJson(ctx.res, 400, { error: "Give from and to as ISO 8601 date-times with an offset" });
    const calls = world.callsBetween(ctx.params.domainId!, range.data.from, range.data.to);
    sendJson(ctx.res, 200, { calls });
  });
  router.on("POST", "/_sim/domains/:domainId/migrated", (ctx) => {
    world.domain(ctx.params.domainId!).migrated = true;
    sendJson(ctx.res, 200, { migrated: true });
  });
  router.on("POST", "/_sim/faults", async (ctx) => {
    const input = await jsonBody(ctx, faultSchema);
    sendJson(ctx.res, 201, { faultId: faults.add(input) });
  });
  router.on("GET", "/_sim/faults", (ctx) => sendJson(ctx.res, 200, { faults: faults.list() }));
  router.on("DELETE", "/_sim/faults", (ctx) => {
    faults.clear();
    sendJson(ctx.res, 200, { cleared: true });
  });
  router.on("POST", "/_sim/clock", async (ctx) => {
    const input = await jsonBody(ctx, schemas.clock);
    if (input.set) clock.set(input.set.getTime());
    if (input.advanceMs) clock.advance(input.advanceMs);
    if (input.speed !== undefined) clock.setSpeed(input.speed);
    sendJson(ctx.res, 200, { now: new Date(clock.now()).toISOString(), speed: clock.speed() });
  });
  router.on("GET", "/_sim/clock", (ctx) => sendJson(ctx.res, 200, { now: new Date(clock.now()).toISOString(), speed: clock.speed() }));
  router.on("GET", "/_sim/requests", (ctx) => {
    const path = ctx.url.searchParams.get("path");
    const method = ctx.url.searchParams.get("method");
    sendJson(ctx.res, 200, { requests: router.log.filter((r) => (!path || r.path.startsWith(path)) && (!method || r.method === method) && !r.path.startsWith("/_sim/")) });
  });
  router.on("DELETE", "/_sim/requests", (ctx) => {
    router.log.length = 0;
    sendJson(ctx.res, 200, { cleared: true });
  });
}
