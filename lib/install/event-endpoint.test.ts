// Loris's VoiceStream event URL as Five9 calls it: the validation GET answers
// the trust token's SHA-256 as a JSON string; event POSTs need the trust token
// and a well-formed event of the tenant's own domain; anything else changes nothing.
import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/five9/events/[key]/route";
import { db } from "../db";

const token = randomBytes(24).toString("base64url");
const eventKey = randomBytes(16).toString("hex");
const ctx = (key: string) => ({ params: Promise.resolve({ key }) });
const url = (key: string) => `http://x/api/five9/events/${key}`;
let subscriptionId: string;

const event = (overrides: Record<string, unknown> = {}) => ({
  eventId: "e1", eventType: "CALL_STARTED", timestamp: "2026-11-20T10:00:00.000Z", sequence: 1, subscriptionId: "s1", domainId: "8801",
  callVariables: { "Call.call_id": "300000000001" }, ...overrides,
});

function post(key: string, body: string, headers: Record<string, string> = {}) {
  return POST(new Request(url(key), { method: "POST", body, headers: { "content-type": "application/json", ...headers } }), ctx(key));
}

const subscription = () => db().voiceStreamSubscription.findUniqueOrThrow({ where: { id: subscriptionId } });

beforeAll(async () => {
  const tenant = await db().tenant.create({ data: { slug: "events", name: "Events", five9DomainId: "8801", region: "us" } });
  subscriptionId = (await db().voiceStreamSubscription.create({ data: { tenantId: tenant.id, eventKey, trustTokenHash: createHash("sha256").update(token).digest("hex") } })).id;
});

describe("event URL", () => {
  it("answers Five9's validation with the JSON string of the token's SHA-256, and marks the subscription validated", async () => {
    expect((await GET(new Request(url("0".repeat(32))), ctx("0".repeat(32)))).status).toBe(404);
    expect((await GET(new Request(url("not-a-key")), ctx("not-a-key"))).status).toBe(404);
    const res = await GET(new Request(url(eventKey)), ctx(eventKey));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toBe(createHash("sha256").update(token).digest("hex"));
    const seen = await subscription();
    expect(seen.validatedAt).not.toBeNull();
    // Answering the check proves nothing about the token Five9 has.
    expect(seen.lastAuthenticatedAt).toBeNull();
  });

  it("refuses events without the trust token, malformed, too large or of another domain, changing nothing", async () => {
    expect((await post(eventKey, JSON.stringify(event()))).status).toBe(401);
    expect((await post(eventKey, JSON.stringify(event()), { "x-five9-trust-token": "wrong" })).status).toBe(401);
    const malformed = await post(eventKey, JSON.stringify(event({ eventType: "EXPLODED", sequence: -1 })), { "x-five9-trust-token": token });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/eventType/);
    expect((await post(eventKey, "{not json", { "x-five9-trust-token": token })).status).toBe(400);
    expect((await post(eventKey, JSON.stringify(event({ domainId: "9999" })), { "x-five9-trust-token": token })).status).toBe(400);
    expect((await post(eventKey, JSON.stringify(event({ callVariables: { x: "y".repeat(70_000) } })), { "x-five9-trust-token": token })).status).toBe(413);
    expect(await subscription()).toMatchObject({ lastEventAt: null, lastAuthenticatedAt: null, lastRejectReason: "the trust token does not match" });
  });

  it("accepts a well-formed event with the trust token and records when it came", async () => {
    expect((await post(eventKey, JSON.stringify(event()), { "x-five9-trust-token": token })).status).toBe(204);
    expect(await subscription()).toMatchObject({ lastEventAt: expect.any(Date), lastAuthenticatedAt: expect.any(Date), five9SubscriptionId: "s1" });
  });

  it("refuses everything once the subscription is deactivated (410: Five9 should stop), and records the refusal", async () => {
    await db().voiceStreamSubscription.update({ where: { id: subscriptionId }, data: { disabledAt: new Date() } });
    expect((await GET(new Request(url(eventKey)), ctx(eventKey))).status).toBe(410);
    expect((await post(eventKey, JSON.stringify(event()), { "x-five9-trust-token": token })).status).toBe(410);
    expect((await subscription()).lastRejectReason).toMatch(/deactivated/);
  });
});
