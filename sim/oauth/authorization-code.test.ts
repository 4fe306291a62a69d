import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClient } from "../client";
import { startSimulator, type RunningSimulator } from "../server";
import {
  approve,
  authorizationUrl,
  authorizeAndRedeem,
  authServer,
  createDomainClient,
  createPartnerApp,
  insecure,
  oauthErrorOf,
  openPage,
  postJson,
  redeem,
  refresh,
  restGet,
  submitConsent,
  type TestApp,
} from "./test-browser";

let sim: RunningSimulator;
let control: SimClient;
let acme: { domainId: string; admin: { username: string; password: string }; supervisor: { username: string; password: string } };
let globex: { domainId: string; admin: { username: string; password: string } };
let app: TestApp;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, clock: { start: Date.parse("2026-11-20T12:00:00Z"), speed: 0 } });
  control = new SimClient(sim.baseUrl);
  const a = await control.createDomain({ name: "Acme" });
  const g = await control.createDomain({ name: "Globex" });
  const user = (d: typeof a, role: string) => d.users.find((u) => u.role === role)!;
  acme = { domainId: a.domainId, admin: user(a, "admin"), supervisor: user(a, "supervisor") };
  globex = { domainId: g.domainId, admin: user(g, "admin") };
  app = await createPartnerApp(sim, ["domains:read", "campaigns:read", "users:read"]);
});
afterAll(() => sim.close());

const location = (res: Response) => (res.headers.get("location") ? new URL(res.headers.get("location")!) : undefined);

describe("partner apps (control API)", () => {
  it("registers an app, shows its secret once, lists it without the secret", async () => {
    const res = await postJson(sim, "/_sim/oauth-apps", { name: "Other app", redirectUris: ["https://other.test/cb"], scopes: ["users:read"] });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ name: "Other app", redirectUris: ["https://other.test/cb"], scopes: ["users:read"] });
    expect(created.clientSecret).toMatch(/.{20,}/);
    const list = await (await fetch(`${sim.baseUrl}/_sim/oauth-apps`)).json();
    const listed = list.apps.find((a: { clientId: string }) => a.clientId === created.clientId);
    expect(listed).toMatchObject({ name: "Other app" });
    expect(listed.clientSecret).toBeUndefined();
  });

  it("rejects bad registrations with 400 and a message", async () => {
    const bad = [
      { name: "x", redirectUris: [], scopes: ["users:read"] },
      { name: "x", redirectUris: ["not a url"], scopes: ["users:read"] },
      { name: "x", redirectUris: ["https://a.test/cb#frag"], scopes: ["users:read"] },
      { name: "x", redirectUris: ["https://a.test/cb"], scopes: ["everything"] },
      { redirectUris: ["https://a.test/cb"], scopes: ["users:read"] },
    ];
    for (const body of bad) {
      const res = await postJson(sim, "/_sim/oauth-apps", body);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/Invalid request/);
    }
  });

  it("refuses client_credentials for a partner app (it has no domain of its own)", async () => {
    const res = await oauth.clientCredentialsGrantRequest(authServer(sim), app.client, oauth.ClientSecretBasic(app.clientSecret), {}, insecure);
    expect(await oauthErrorOf(oauth.processClientCredentialsResponse(authServer(sim), app.client, res))).toBe("unauthorized_client");
  });

  it("publishes authorization server metadata that oauth4webapi accepts", async () => {
    const res = await oauth.discoveryRequest(new URL(sim.baseUrl), { ...insecure, algorithm: "oauth2" });
    const as = await oauth.processDiscoveryResponse(new URL(sim.baseUrl), res);
    expect(as).toMatchObject({ authorization_endpoint: `${sim.baseUrl}/oauth2/v1/authorize`, code_challenge_methods_supported: ["S256"] });
  });
});

describe("consent page", () => {
  it("shows the app, the scopes in plain language and an accessible sign-in form", async () => {
    const start = await authorizationUrl(sim, app, "domains:read users:read");
    const page = await openPage(start.url);
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.response.headers.get("cache-control")).toBe("no-store");
    expect(page.response.headers.get("x-frame-options")).toBe("DENY");
    expect(page.response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(page.html).toMatch(/<h1>Authorize Loris<\/h1>/);
    expect(page.html).toContain("See your domain&#39;s name and time zone");
    expect(page.html).toContain("See your users: names, usernames and roles");
    expect(page.html).not.toContain("campaigns:read");
    expect(page.html).toMatch(/<label for="username">/);
    expect(page.html).toMatch(/<label for="password">/);
    expect(page.html).toMatch(/value="approve">Approve</);
    expect(page.html).toMatch(/value="deny" formnovalidate>Deny</);
    // The request lives on the server: the form carries only the opaque id.
    expect(page.pendingId).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(page.html).not.toContain(start.state);
  });

  it("lets the admin untick scopes: the token carries only what was granted; none ticked is refused", async () => {
    const start = await authorizationUrl(sim, app, "domains:read users:read");
    const page = await openPage(start.url);
    expect(page.html).toMatch(/<input type="checkbox" name="scope" value="users:read"[^>]* checked>/);
    const admin = acme.admin;
    const none = await submitConsent(sim, { pending: page.pendingId!, scopes_shown: "1", username: admin.username, password: admin.password, decision: "approve" });
    expect(none.response.status).toBe(400);
    expect(none.html).toContain("Tick at least one kind of access");
    const partial = await fetch(`${sim.baseUrl}/oauth2/v1/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["pending", page.pendingId!], ["scopes_shown", "1"], ["scope", "domains:read"], ["username", admin.username], ["password", admin.password], ["decision", "approve"]]),
      redirect: "manual",
    });
    expect(partial.status).toBe(302);
    const tokens = await redeem(sim, app, start, new URL(partial.headers.get("location")!));
    expect(tokens.scope).toBe("domains:read");
  });

  it("escapes the app name", async () => {
    const evil = await createPartnerApp(sim, ["domains:read"], `<script>alert(1)</script>`);
    const page = await openPage((await authorizationUrl(sim, evil, "domains:read")).url);
    expect(page.html).not.toContain("<script>");
    expect(page.html).toContain("&lt;script&gt;");
  });
});

describe("authorization code + PKCE (driven by oauth4webapi)", () => {
  it("happy path: admin approves, the code buys a token for the admin's domain that works on REST", async () => {
    const start = await authorizationUrl(sim, app, "domains:read campaigns:read");
    const callback = await approve(sim, start, acme.admin);
    expect(callback.origin + callback.pathname).toBe(app.redirectUri);
    expect(callback.searchParams.get("state")).toBe(start.state);
    expect(callback.searchParams.get("iss")).toBe(sim.baseUrl);

    const tokens = await redeem(sim, app, start, callback);
    expect(tokens).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "domains:read campaigns:read", domain_id: acme.domainId });
    expect(tokens.refresh_token).toMatch(/.{40,}/);
    const domain = await restGet(sim, `/domains/v1/domains/${acme.domainId}`, tokens.access_token);
    expect(domain.status).toBe(200);
    expect(await domain.json()).toMatchObject({ id: acme.domainId, name: "Acme" });
    expect((await restGet(sim, `/domains/v1/domains/${globex.domainId}`, tokens.access_token)).status).toBe(403);
    expect((await restGet(sim, `/users/v1/domains/${acme.domainId}/users`, tokens.access_token)).status).toBe(403);
  });

  it("one marketplace client serves every domain: Globex's admin gets a Globex token", async () => {
    const tokens = await authorizeAndRedeem(sim, app, globex.admin);
    expect(tokens.domain_id).toBe(globex.domainId);
    expect((await restGet(sim, `/domains/v1/domains/${globex.domainId}`, tokens.access_token)).status).toBe(200);
  });

  it("accepts client authentication in the body (client_secret_post) and answers no-store", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const callback = await approve(sim, start, acme.admin);
    const res = await fetch(`${sim.baseUrl}/oauth2/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: app.redirectUri, code_verifier: start.verifier, client_id: app.clientId, client_secret: app.clientSecret }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    expect(await res.json()).toMatchObject({ token_type: "Bearer", domain_id: acme.domainId, scope: "domains:read" });
  });

  it("Deny sends access_denied with the state back to the app", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const page = await openPage(start.url);
    const denied = await submitConsent(sim, { pending: page.pendingId!, decision: "deny" });
    expect(denied.response.status).toBe(302);
    const callback = location(denied.response)!;
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(start.state);
    expect(await oauthErrorOf(Promise.resolve().then(() => oauth.validateAuthResponse(authServer(sim), app.client, callback, start.state)))).toBe("access_denied");
    // The decision is final: the same page cannot be submitted again.
    const again = await submitConsent(sim, { pending: page.pendingId!, username: acme.admin.username, password: acme.admin.password, decision: "approve" });
    expect(again.response.status).toBe(400);
    expect(again.response.headers.get("location")).toBeNull();
  });

  it("a wrong password shows the page again with an error, and the admin can then approve", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const page = await openPage(start.url);
    const wrong = await submitConsent(sim, { pending: page.pendingId!, username: acme.admin.username, password: "nope", decision: "approve" });
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get("location")).toBeNull();
    expect(wrong.html).toMatch(/role="alert"[^>]*>Incorrect username or password\./);
    expect(wrong.html).toContain(`value="${acme.admin.username}"`);
    expect(wrong.pendingId).toBe(page.pendingId);
    const ok = await submitConsent(sim, { pending: page.pendingId!, username: acme.admin.username, password: acme.admin.password, decision: "approve" });
    expect(ok.response.status).toBe(302);
    expect(location(ok.response)!.searchParams.get("code")).toBeTruthy();
  });

  it("too many wrong passwords end the request", async () => {
    const page = await openPage((await authorizationUrl(sim, app, "domains:read")).url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await submitConsent(sim, { pending: page.pendingId!, username: acme.admin.username, password: `wrong${i}`, decision: "approve" })).response.status);
    expect(statuses).toEqual([401, 401, 401, 401, 400]);
    const after = await submitConsent(sim, { pending: page.pendingId!, username: acme.admin.username, password: acme.admin.password, decision: "approve" });
    expect(after.response.status).toBe(400);
    expect(after.html).toMatch(/expired or was already used/);
  });

  it("a supervisor cannot approve; missing fields are reported on the page", async () => {
    const page = await openPage((await authorizationUrl(sim, app, "domains:read")).url);
    const res = await submitConsent(sim, { pending: page.pendingId!, username: acme.supervisor.username, password: acme.supervisor.password, decision: "approve" });
    expect(res.response.status).toBe(403);
    expect(res.response.headers.get("location")).toBeNull();
    expect(res.html).toMatch(/Only a domain administrator can authorize apps/);
    const empty = await submitConsent(sim, { pending: page.pendingId!, decision: "approve" });
    expect(empty.response.status).toBe(400);
    expect(empty.html).toMatch(/Enter your username and password/);
  });

  it("a redirect_uri that is not registered exactly gets an error page, never a redirect", async () => {
    for (const redirectUri of [`${app.redirectUri}/`, `${app.redirectUri}?x=1`, "https://evil.test/five9/callback", "https://APP.loris.test/five9/callback", null]) {
      const start = await authorizationUrl(sim, app, "domains:read", { redirect_uri: redirectUri });
      const page = await openPage(start.url);
      expect(page.response.status).toBe(400);
      expect(page.response.headers.get("location")).toBeNull();
      expect(page.html).toMatch(/can't be completed/);
      expect(page.pendingId).toBeUndefined();
    }
  });

  it("an unknown or missing client gets an error page", async () => {
    for (const clientId of ["f9c_unknown", null]) {
      const page = await openPage((await authorizationUrl(sim, app, "domains:read", { client_id: clientId })).url);
      expect(page.response.status).toBe(400);
      expect(page.response.headers.get("location")).toBeNull();
      expect(page.html).toMatch(/client_id/);
    }
  });

  it("redirects request errors to the app: PKCE missing or plain, bad response_type, bad scope", async () => {
    const cases: [Record<string, string | null>, string, RegExp][] = [
      [{ code_challenge: null, code_challenge_method: null }, "invalid_request", /PKCE is required/],
      [{ code_challenge_method: "plain" }, "invalid_request", /S256/],
      [{ code_challenge_method: null }, "invalid_request", /S256/],
      [{ code_challenge: "short" }, "invalid_request", /43/],
      [{ response_type: "token" }, "unsupported_response_type", /code/],
      [{ response_type: null }, "invalid_request", /response_type/],
      [{ scope: "domains:read everything" }, "invalid_scope", /everything/],
      [{ scope: "domains:read recordings:read" }, "invalid_scope", /recordings:read/],
      [{ scope: null }, "invalid_scope", /required/],
    ];
    for (const [params, error, description] of cases) {
      const start = await authorizationUrl(sim, app, "domains:read", params);
      const res = await fetch(start.url, { redirect: "manual" });
      expect(res.status, JSON.stringify(params)).toBe(302);
      const callback = location(res)!;
      expect(callback.origin + callback.pathname).toBe(app.redirectUri);
      expect(callback.searchParams.get("error"), JSON.stringify(params)).toBe(error);
      expect(callback.searchParams.get("error_description")).toMatch(description);
      expect(callback.searchParams.get("state")).toBe(start.state);
    }
    // A repeated parameter is an invalid_request too (RFC 6749 §3.1).
    const start = await authorizationUrl(sim, app, "domains:read");
    start.url.searchParams.append("scope", "users:read");
    expect(location(await fetch(start.url, { redirect: "manual" }))!.searchParams.get("error")).toBe("invalid_request");
  });

  it("refuses a code_verifier that does not match the challenge, and a redirect_uri that differs", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const callback = await approve(sim, start, acme.admin);
    expect(await oauthErrorOf(redeem(sim, app, { ...start, verifier: oauth.generateRandomCodeVerifier() }, callback))).toBe("invalid_grant");
    // The failed attempt used the code up.
    expect(await oauthErrorOf(redeem(sim, app, start, callback))).toBe("invalid_grant");

    const second = await authorizationUrl(sim, app, "domains:read");
    const secondCallback = await approve(sim, second, acme.admin);
    expect(await oauthErrorOf(redeem(sim, { ...app, redirectUri: "http://localhost:3000/callback" }, second, secondCallback))).toBe("invalid_grant");
  });

  it("a replayed code is refused and revokes every token issued from it", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const callback = await approve(sim, start, acme.admin);
    const tokens = await redeem(sim, app, start, callback);
    expect((await restGet(sim, `/domains/v1/domains/${acme.domainId}`, tokens.access_token)).status).toBe(200);
    expect(await oauthErrorOf(redeem(sim, app, start, callback))).toBe("invalid_grant");
    expect((await restGet(sim, `/domains/v1/domains/${acme.domainId}`, tokens.access_token)).status).toBe(401);
    expect(await oauthErrorOf(refresh(sim, app, tokens.refresh_token!))).toBe("invalid_grant");
  });

  it("a code expires after 60 s of simulator clock", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const callback = await approve(sim, start, acme.admin);
    await control.clock({ advanceMs: 61_000 });
    expect(await oauthErrorOf(redeem(sim, app, start, callback))).toBe("invalid_grant");
    const fresh = await authorizationUrl(sim, app, "domains:read");
    const freshCallback = await approve(sim, fresh, acme.admin);
    await control.clock({ advanceMs: 59_000 });
    expect((await redeem(sim, app, fresh, freshCallback)).domain_id).toBe(acme.domainId);
  });

  it("a code belongs to the client it was issued to", async () => {
    const other = await createPartnerApp(sim, ["domains:read"], "Other");
    const start = await authorizationUrl(sim, app, "domains:read");
    const callback = await approve(sim, start, acme.admin);
    const res = await oauth.authorizationCodeGrantRequest(authServer(sim), other.client, oauth.ClientSecretBasic(other.clientSecret), oauth.validateAuthResponse(authServer(sim), other.client, callback, start.state), app.redirectUri, start.verifier, insecure);
    expect(await oauthErrorOf(oauth.processAuthorizationCodeResponse(authServer(sim), other.client, res))).toBe("invalid_grant");
    // …and the owner can still use it.
    expect((await redeem(sim, app, start, callback)).domain_id).toBe(acme.domainId);
  });

  it("a domain-bound API client with redirect URIs may use the flow, only with an admin of its domain", async () => {
    const bound = await createDomainClient(sim, acme.domainId, ["domains:read"], ["https://acme-tools.test/cb"]);
    const tokens = await authorizeAndRedeem(sim, bound, acme.admin);
    expect(tokens.domain_id).toBe(acme.domainId);

    const page = await openPage((await authorizationUrl(sim, bound, "domains:read")).url);
    expect(page.html).toContain("<strong>Acme</strong>");
    const foreign = await submitConsent(sim, { pending: page.pendingId!, username: globex.admin.username, password: globex.admin.password, decision: "approve" });
    expect(foreign.response.status).toBe(403);
    expect(foreign.html).toMatch(/another Five9 domain/);

    // Without redirect URIs a client is client-credentials only.
    const plain = await createDomainClient(sim, acme.domainId, ["domains:read"], []);
    const noFlow = await openPage((await authorizationUrl(sim, { ...plain, redirectUri: "https://acme-tools.test/cb" }, "domains:read")).url);
    expect(noFlow.response.status).toBe(400);
  });
});

describe("token endpoint errors and malformed input", () => {
  const postToken = (body: Record<string, string> | string, headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" }) =>
    fetch(`${sim.baseUrl}/oauth2/v1/token`, { method: "POST", headers, body: typeof body === "string" ? body : new URLSearchParams(body) });

  it("invalid_client is 401 with WWW-Authenticate; missing parameters are invalid_request", async () => {
    const start = await authorizationUrl(sim, app, "domains:read");
    const callback = await approve(sim, start, acme.admin);
    const code = callback.searchParams.get("code")!;
    const base = { grant_type: "authorization_code", code, redirect_uri: app.redirectUri, code_verifier: start.verifier };
    const basic = { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" };

    const wrong = await postToken({ ...base, client_id: app.clientId, client_secret: "wrong" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(wrong.headers.get("cache-control")).toBe("no-store");
    expect((await wrong.json()).error).toBe("invalid_client");
    expect((await postToken(base)).status).toBe(401);

    for (const name of ["code", "redirect_uri", "code_verifier"] as const) {
      const res = await postToken({ ...base, [name]: "" }, basic);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request", error_description: `${name} is required` });
    }
    expect((await (await postToken(`${new URLSearchParams(base)}&code=${code}`, basic)).json()).error).toBe("invalid_request");
    expect((await (await postToken({ ...base, code_verifier: "too-short" }, basic)).json()).error).toBe("invalid_request");
    expect((await (await postToken({ ...base, client_id: app.clientId, client_secret: app.clientSecret }, basic)).json()).error).toBe("invalid_request");
    // None of that used the code up.
    const ok = await postToken(base, basic);
    expect(ok.status).toBe(200);
    expect((await (await postToken({ ...base, code: "nonsense" }, basic)).json()).error).toBe("invalid_grant");
    expect((await (await postToken({ ...base, grant_type: "password" }, basic)).json()).error).toBe("unsupported_grant_type");
  });

  it("never crashes on malformed requests", async () => {
    const responses = await Promise.all([
      postToken(JSON.stringify({ grant_type: "authorization_code" }), { "content-type": "application/json" }),
      postToken("", { "content-type": "application/x-www-form-urlencoded" }),
      postToken("grant_type=authorization_code&code=%zz", { "content-type": "application/x-www-form-urlencoded" }),
      postToken({ grant_type: "refresh_token", refresh_token: "x" }, { "content-type": "application/x-www-form-urlencoded", authorization: "Basic %%%" }),
      postToken({ grant_type: "refresh_token", refresh_token: "x" }, { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("a%zz:b%zz").toString("base64")}` }),
      fetch(`${sim.baseUrl}/oauth2/v1/authorize`, { redirect: "manual" }),
      fetch(`${sim.baseUrl}/oauth2/v1/authorize?client_id=%zz&redirect_uri=%`, { redirect: "manual" }),
      fetch(`${sim.baseUrl}/oauth2/v1/authorize?client_id=${app.clientId}&client_id=${app.clientId}&redirect_uri=${app.redirectUri}`, { redirect: "manual" }),
      fetch(`${sim.baseUrl}/oauth2/v1/authorize`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", redirect: "manual" }),
      fetch(`${sim.baseUrl}/oauth2/v1/authorize`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "pending=nope&decision=approve", redirect: "manual" }),
      fetch(`${sim.baseUrl}/oauth2/v1/authorize`, { method: "POST", redirect: "manual" }),
      fetch(`${sim.baseUrl}/oauth2/v1/revoke`, { method: "POST", headers: { "content-type": "text/plain" }, body: "token=x" }),
      postJson(sim, "/_sim/oauth-apps", "not an object"),
      fetch(`${sim.baseUrl}/_sim/oauth-apps`, { method: "POST", body: "{oops" }),
    ]);
    for (const res of responses) {
      expect(res.status, res.url).toBeGreaterThanOrEqual(400);
      expect(res.status, res.url).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });
});
