// Loris's VoiceStream event URL, as Five9 calls it. GET is Five9's
// validation: it must answer the JSON string of the trust token's SHA-256 hex
// (exactly what we store); answering it is noted (validatedAt) but proves
// nothing — Loris answers the same whatever token Five9 was given. POST
// delivers a CTI event: the trust token header must match (constant time), the
// body must be a well-formed event; only then is the contact recorded as
// authenticated. Refusals are recorded too, so the admin is told what to fix.
// A deactivated subscription (uninstall) answers 410 to everything. An
// accepted event is kept by lib/live/store-call-event.ts (once per eventId;
// events of unchosen campaigns are acknowledged, not kept).
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { ctiEventSchema } from "../live/cti-event";
import { storeCallEvent } from "../live/store-call-event";
import { logger } from "../log";
import { recordVoiceStreamContact, voiceStreamSubscriptionAccepts } from "../realtime/voicestream-contact";
import { trustTokenHash } from "./live-audio";
import { zodMessage } from "../zod-error";

const eventKeySchema = z.string().regex(/^[0-9a-f]{32}$/);

export { ctiEventSchema };

export type EventEndpointResult = { status: 200; body: string } | { status: 204 } | { status: 400 | 401 | 404 | 410; error: string };

async function subscriptionOf(eventKey: string) {
  if (!eventKeySchema.safeParse(eventKey).success) return null;
  return db().voiceStreamSubscription.findUnique({ where: { eventKey }, include: { tenant: { select: { five9DomainId: true } } } });
}

export async function answerValidation(eventKey: string): Promise<EventEndpointResult> {
  const sub = await subscriptionOf(eventKey);
  if (!sub) return { status: 404, error: "unknown event URL" };
  const acceptance = voiceStreamSubscriptionAccepts(sub);
  if (!acceptance.accepts) return { status: acceptance.status, error: acceptance.reason };
  await db().voiceStreamSubscription.update({ where: { id: sub.id }, data: { validatedAt: new Date() } });
  return { status: 200, body: JSON.stringify(sub.trustTokenHash) };
}

function tokenMatches(token: string | null, storedHash: string): boolean {
  if (!token) return false;
  const a = Buffer.from(trustTokenHash(token));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function receiveEvent(eventKey: string, trustToken: string | null, body: unknown): Promise<EventEndpointResult> {
  const sub = await subscriptionOf(eventKey);
  if (!sub) return { status: 404, error: "unknown event URL" };
  const acceptance = voiceStreamSubscriptionAccepts(sub);
  if (!acceptance.accepts) {
    await recordVoiceStreamContact(sub.id, { ok: false, reason: "call event for a deactivated subscription" });
    return { status: acceptance.status, error: acceptance.reason };
  }
  if (!tokenMatches(trustToken, sub.trustTokenHash)) {
    logger("events").warn({ tenantId: sub.tenantId }, "event with a wrong trust token refused");
    await recordVoiceStreamContact(sub.id, { ok: false, reason: trustToken ? "the trust token does not match" : "the event carried no trust token" });
    return { status: 401, error: "trust token does not match" };
  }
  const parsed = ctiEventSchema.safeParse(body);
  if (!parsed.success) {
    logger("events").warn({ tenantId: sub.tenantId, issues: parsed.error.issues.slice(0, 3) }, "malformed call event refused");
    return { status: 400, error: `malformed event: ${zodMessage(parsed.error, { root: "event" })}` };
  }
  if (parsed.data.domainId !== sub.tenant.five9DomainId) return { status: 400, error: "event for another Five9 domain" };
  await recordVoiceStreamContact(sub.id, { ok: true, kind: "event", five9SubscriptionId: parsed.data.subscriptionId });
  const outcome = await storeCallEvent(sub.tenantId, parsed.data);
  if (!outcome.stored && outcome.reason !== "duplicate") logger("events").debug({ tenantId: sub.tenantId, reason: outcome.reason }, "call event acknowledged, not kept");
  return { status: 204 };
}
