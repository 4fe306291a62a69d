import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClient } from "../client";
import { startSimulator, type RunningSimulator } from "../server";

let sim: RunningSimulator;
let client: SimClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, clock: { start: Date.parse("2026-11-20T12:00:00Z"), speed: 0 }, restLimits: { perMinute: 5 } });
  client = new SimClient(sim.baseUrl);
});
afterAll(() => sim.close());

/** A new domain and a client-credentials token for it. */
async function domainWithToken(name: string): Promise<{ domainId: string; token: string }> {
  const { domainId } = await client.createDomain({ name });
  const api = await client.createApiClient(domainId, { scopes: ["domains:read"] });
  const res = await fetch(`${sim.baseUrl}/oauth2/v1/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${api.clientId}:${api.clientSecret}`).toString("base64")}` },
    body: "grant_type=client_credentials",
  });
  return { domainId, token: ((await res.json()) as { access_token: string }).access_token };
}

const getDomain = (d: { domainId: string; token: string }) => fetch(`${sim.baseUrl}/domains/v1/domains/${d.domainId}`, { headers: { authorization: `Bearer ${d.token}` } });

describe("REST rate-limit headers", () => {
  it("reports the per-domain bucket's headroom on every answer, 0 with the 429", async () => {
    const acme = await domainWithToken("Acme");
    const globex = await domainWithToken("Globex");
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await getDomain(acme);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("5");
      remaining.push(res.headers.get("x-ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);

    const limited = await getDomain(acme);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // Another domain has its own bucket.
    expect((await getDomain(globex)).headers.get("x-ratelimit-remaining")).toBe("4");

    // The bucket refills on the simulator clock: 5 a minute is one every 12 s.
    sim.clock.advance(24_000);
    expect((await getDomain(acme)).headers.get("x-ratelimit-remaining")).toBe("1");
    sim.clock.advance(60_000);
    expect((await getDomain(acme)).headers.get("x-ratelimit-remaining")).toBe("4");
  });

  it("sends none on answers that are refused before counting (bad token)", async () => {
    const acme = await domainWithToken("Initech");
    const res = await getDomain({ ...acme, token: "not-a-token" });
    expect(res.status).toBe(401);
    expect(res.headers.has("x-ratelimit-remaining")).toBe(false);
  });
});
