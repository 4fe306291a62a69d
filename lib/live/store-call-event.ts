// Keeps one CTI event of a tenant: once per eventId (Five9 re-delivers the
// same id after a timeout), on the Call of (tenant, Five9 call id) — created
// here if the event comes before the stream and the call log, with the same
// upsert the receiver uses (lib/realtime/leg-storage.ts), so a later stream
// or call log merges into the same row. Call variables fill what the Call
// does not know yet; they never replace a value, and an empty one is not a
// value. Order is not assumed: readers order by (sequence, occurredAt).
// Only calls Loris takes are kept: the tenant installed with live audio
// chosen, and the call's campaign among the admin's choice.
import { Prisma } from "@prisma/client";
import { db } from "../db";
import { campaignFilterOf } from "../ingest/campaign-filter";
import { noteCallFirstAudio, upsertStreamCall } from "../realtime/leg-storage";
import { callFactsOf, type CallFacts, type CtiEvent } from "./cti-event";
import { publishCallEvent } from "./live-event-bus";
import { notifyCallEvent } from "./live-notices";

export type StoreOutcome =
  | { stored: true; callId: string; callEventId: string }
  | { stored: false; reason: "duplicate" | "campaign_not_chosen" | "live_audio_not_taken" };

/** Fills the Call's empty fields from the event; a known value is kept. */
async function fillCall(callId: string, f: CallFacts): Promise<void> {
  const endedAt = f.startedAt && f.durationSeconds !== null ? new Date(f.startedAt.getTime() + f.durationSeconds * 1000) : null;
  await db().$executeRaw`
    UPDATE "Call" SET
      "sessionId" = COALESCE("sessionId", ${f.sessionId}), "callType" = COALESCE("callType", ${f.callType}),
      "agentName" = COALESCE("agentName", ${f.agentName}), ani = COALESCE(ani, ${f.ani}), dnis = COALESCE(dnis, ${f.dnis}),
      disposition = COALESCE(disposition, ${f.disposition}), "durationSeconds" = COALESCE("durationSeconds", ${f.durationSeconds}::int),
      "endedAt" = COALESCE("endedAt", ${endedAt}::timestamp(3)), "updatedAt" = now()
    WHERE id = ${callId}
      AND (("sessionId" IS NULL AND ${f.sessionId}::text IS NOT NULL) OR ("callType" IS NULL AND ${f.callType}::text IS NOT NULL)
        OR ("agentName" IS NULL AND ${f.agentName}::text IS NOT NULL) OR (ani IS NULL AND ${f.ani}::text IS NOT NULL)
        OR (dnis IS NULL AND ${f.dnis}::text IS NOT NULL) OR (disposition IS NULL AND ${f.disposition}::text IS NOT NULL)
        OR ("durationSeconds" IS NULL AND ${f.durationSeconds}::int IS NOT NULL) OR ("endedAt" IS NULL AND ${endedAt}::timestamp(3) IS NOT NULL))`;
}

/** Whether the tenant takes this call's events at all, and the campaign rule's verdict. */
async function takes(tenantId: string, facts: CallFacts): Promise<StoreOutcome | null> {
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true, install: { select: { dataKinds: true, campaigns: true } } } });
  const installed = tenant?.status === "installed" || tenant?.status === "needs_reauthorization";
  if (!installed || !tenant.install?.dataKinds.includes("live_audio")) return { stored: false, reason: "live_audio_not_taken" };
  const filter = campaignFilterOf(tenant.install.campaigns);
  if (filter.all) return null;
  // An event without the campaign variable belongs to the campaign Loris already knows for the call.
  const campaign = facts.campaign ?? (await db().call.findUnique({ where: { tenantId_five9CallId: { tenantId, five9CallId: facts.five9CallId } }, select: { campaign: true } }))?.campaign;
  return filter.allows(campaign) ? null : { stored: false, reason: "campaign_not_chosen" };
}

export async function storeCallEvent(tenantId: string, event: CtiEvent): Promise<StoreOutcome> {
  const facts = callFactsOf(event);
  const refused = await takes(tenantId, facts);
  if (refused) return refused;
  if (await db().callEvent.findUnique({ where: { tenantId_eventId: { tenantId, eventId: event.eventId } }, select: { id: true } })) return { stored: false, reason: "duplicate" };
  const occurredAt = new Date(event.timestamp);
  const callId = await upsertStreamCall({
    tenantId, five9CallId: facts.five9CallId, campaign: facts.campaign ?? "", agentUsername: facts.agentUsername ?? "", skill: facts.skill ?? "", startedAt: facts.startedAt ?? occurredAt,
  });
  await fillCall(callId, facts);
  // A Call only the stream knows starts at its first audio; the call's own start is earlier (the call log's TIMESTAMP still wins).
  if (facts.startedAt) await noteCallFirstAudio(callId, facts.startedAt);
  let callEventId: string;
  try {
    callEventId = (await db().callEvent.create({
      data: { tenantId, callId, five9CallId: facts.five9CallId, eventId: event.eventId, eventType: event.eventType, sequence: event.sequence, occurredAt, variables: event.callVariables },
      select: { id: true },
    })).id;
  } catch (error) {
    // Two deliveries of one event at once: the unique (tenantId, eventId) keeps one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { stored: false, reason: "duplicate" };
    throw error;
  }
  await notifyCallEvent({ tenantId, callId, callEventId });
  void publishCallEvent({
    type: "event", tenantId, callId, five9CallId: facts.five9CallId, leg: "call", callEventId, eventId: event.eventId, eventType: event.eventType,
    sequence: event.sequence, occurredAt: occurredAt.getTime(), variables: event.callVariables,
  });
  return { stored: true, callId, callEventId };
}
