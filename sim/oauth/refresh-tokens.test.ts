import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClient } from "../client";
import { startSimulator, type RunningSimulator } from "../server";
import { authorizeAndRedeem, createPartnerApp, oauthErrorOf, postJson, refresh, restGet, revoke, type TestApp } from "./test-browser";

let sim: RunningSimulator;
let control: SimClient;
let domainId: string;
let otherDomainId: string;
let admin: { username: string; password: string };
let otherAdmin: { username: string; password: string };
let app: TestApp;

beforeAll(async () => {
  sim = await startSimulator({ seed: 6, clock: { start: Date.parse("2026-11-20T12:00:00Z"), speed: 0 } });
  control = new SimClient(sim.baseUrl);
  const d = await control.createDomain({ name: "Initech" });
  const o = await control.createDomain({ name: "Umbrella" });
  domainId = d.domainId;
  otherDomainId = o.domainId;
  admin = d.users.find((u) => u.role === "admin")!;
  otherAdmin = o.users.find((u) => u.role === "admin")!;
  app = await createPartnerApp(sim, ["domains:read", "campaigns:read"]);
});
afterAll(() => sim.close());

const domainStatus = async (accessToken: string, id = domainId) => (await restGet(sim, `/domains/v1/domains/${id}`, accessToken)).status;

describe("refresh tokens (driven by oauth4webapi)", () => {
  it("rotates: each refresh returns a new refresh token and a working access token", async () => {
    const first = await authorizeAndRedeem(sim, app, admin, "domains:read campaigns:read");
    const second = await refresh(sim, app, first.refresh_token!);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second).toMatchObject({ scope: "domains:read campaigns:read", domain_id: domainId, expires_in: 3600 });
    expect(await domainStatus(second.access_token)).toBe(200);
    const third = await refresh(sim, app, second.refresh_token!);
    expect(await domainStatus(third.access_token)).toBe(200);
  });

  it("reuse of a rotated refresh token is invalid_grant and revokes the whole family", async () => {
    const first = await authorizeAndRedeem(sim, app, admin);
    const second = await refresh(sim, app, first.refresh_token!);
    const third = await refresh(sim, app, second.refresh_token!);
    // An unrelated authorization of the same app survives.
    const unrelated = await authorizeAndRedeem(sim, app, otherAdmin);

    expect(await oauthErrorOf(refresh(sim, app, first.refresh_token!))).toBe("invalid_grant");
    for (const access of [first.access_token, second.access_token, third.access_token]) expect(await domainStatus(access)).toBe(401);
    expect(await oauthErrorOf(refresh(sim, app, third.refresh_token!))).toBe("invalid_grant");

    expect(await domainStatus(unrelated.access_token, otherDomainId)).toBe(200);
    expect((await refresh(sim, app, unrelated.refresh_token!)).domain_id).toBe(otherDomainId);
  });

  it("may narrow the scope but not widen it; a refused scope does not use the token up", async () => {
    const first = await authorizeAndRedeem(sim, app, admin, "domains:read");
    expect(await oauthErrorOf(refresh(sim, app, first.refresh_token!, "domains:read campaigns:read"))).toBe("invalid_scope");
    const narrowed = await refresh(sim, app, first.refresh_token!, "domains:read");
    expect(narrowed.scope).toBe("domains:read");
    // Omitting scope means everything the admin granted.
    expect((await refresh(sim, app, narrowed.refresh_token!)).scope).toBe("domains:read");
  });

  it("a refresh token works only for the client it was issued to", async () => {
    const first = await authorizeAndRedeem(sim, app, admin);
    const other = await createPartnerApp(sim, ["domains:read"], "Other");
    expect(await oauthErrorOf(refresh(sim, other, first.refresh_token!))).toBe("invalid_grant");
    // The owner's family is untouched by someone else presenting it.
    expect(await domainStatus((await refresh(sim, app, first.refresh_token!)).access_token)).toBe(200);
    const wrongSecret = { ...app, clientSecret: "wrong" };
    expect(await oauthErrorOf(refresh(sim, wrongSecret, first.refresh_token!))).toBe("invalid_client");
  });

  it("revoking a refresh token (RFC 7009) revokes its family; revoking an access token revokes only it", async () => {
    const first = await authorizeAndRedeem(sim, app, admin);
    await revoke(sim, app, first.access_token, "access_token");
    expect(await domainStatus(first.access_token)).toBe(401);
    const second = await refresh(sim, app, first.refresh_token!);
    expect(await domainStatus(second.access_token)).toBe(200);

    await revoke(sim, app, second.refresh_token!);
    expect(await domainStatus(second.access_token)).toBe(401);
    expect(await oauthErrorOf(refresh(sim, app, second.refresh_token!))).toBe("invalid_grant");

    const third = await authorizeAndRedeem(sim, app, admin);
    // A wrong hint is only a hint.
    await revoke(sim, app, third.refresh_token!, "access_token");
    expect(await domainStatus(third.access_token)).toBe(401);
    // Unknown tokens are fine (200), and another client cannot revoke ours.
    await revoke(sim, app, "unknown-token");
    const fourth = await authorizeAndRedeem(sim, app, admin);
    await revoke(sim, await createPartnerApp(sim, ["domains:read"], "Meddler"), fourth.refresh_token!, "refresh_token");
    expect(await domainStatus(fourth.access_token)).toBe(200);
  });

  it("expires on the simulator clock: access tokens after tokenLifetimeSeconds, refresh tokens after 30 days", async () => {
    const first = await authorizeAndRedeem(sim, app, admin);
    await control.clock({ advanceMs: 3600_000 });
    expect(await domainStatus(first.access_token)).toBe(401);
    const second = await refresh(sim, app, first.refresh_token!);
    expect(await domainStatus(second.access_token)).toBe(200);
    // Each rotation starts a fresh 30 days.
    await control.clock({ advanceMs: 29 * 24 * 3600_000 });
    const third = await refresh(sim, app, second.refresh_token!);
    await control.clock({ advanceMs: 30 * 24 * 3600_000 });
    expect(await oauthErrorOf(refresh(sim, app, third.refresh_token!))).toBe("invalid_grant");
  });

  it("answers refresh errors as JSON with no-store; a missing refresh_token is invalid_request", async () => {
    const res = await fetch(`${sim.baseUrl}/oauth2/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "refresh_token" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ error: "invalid_request", error_description: "refresh_token is required" });
  });
});

describe("control levers for failing refreshes", () => {
  it("expire-refresh-tokens makes the next refresh of that domain fail; others keep working", async () => {
    const mine = await authorizeAndRedeem(sim, app, admin);
    const theirs = await authorizeAndRedeem(sim, app, otherAdmin);
    const res = await postJson(sim, "/_sim/oauth/expire-refresh-tokens", { domainId });
    expect(res.status).toBe(200);
    expect((await res.json()).expired).toBeGreaterThanOrEqual(1);
    expect(await oauthErrorOf(refresh(sim, app, mine.refresh_token!))).toBe("invalid_grant");
    // Access tokens already issued live out their lifetime.
    expect(await domainStatus(mine.access_token)).toBe(200);
    expect((await refresh(sim, app, theirs.refresh_token!)).domain_id).toBe(otherDomainId);
  });

  it("revoke-grants stands for an admin removing the app: tokens stop working at once; grants are listed", async () => {
    const mine = await authorizeAndRedeem(sim, app, admin);
    const before = await (await fetch(`${sim.baseUrl}/_sim/oauth/grants?domainId=${domainId}`)).json();
    expect(before.grants.some((g: { clientId: string; revoked: boolean }) => g.clientId === app.clientId && !g.revoked)).toBe(true);
    const res = await postJson(sim, "/_sim/oauth/revoke-grants", { domainId, clientId: app.clientId });
    expect((await res.json()).revoked).toBeGreaterThanOrEqual(1);
    expect(await domainStatus(mine.access_token)).toBe(401);
    expect(await oauthErrorOf(refresh(sim, app, mine.refresh_token!))).toBe("invalid_grant");
    const after = await (await fetch(`${sim.baseUrl}/_sim/oauth/grants?domainId=${domainId}`)).json();
    expect(after.grants.every((g: { revoked: boolean }) => g.revoked)).toBe(true);
    expect((await postJson(sim, "/_sim/oauth/revoke-grants", { domainId: "9999" })).status).toBe(404);
    expect((await postJson(sim, "/_sim/oauth/expire-refresh-tokens", { domainId: 5 })).status).toBe(400);
  });
});
