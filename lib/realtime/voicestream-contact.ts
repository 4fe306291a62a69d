// What Loris has seen of a VoiceStream subscription's traffic. A validation
// GET proves nothing (Loris answers it the same whatever token Five9 was
// given); only an event or a stream carrying the current trust token does.
// Both receivers — the event URL and the gRPC server — report every contact
// here and ask `voiceStreamSubscriptionAccepts` before taking any traffic, so
// the install step, the overview and the health check read one truth.
import type { VoiceStreamSubscription } from "@prisma/client";
import { db } from "../db";

export type VoiceStreamContact =
  | { ok: true; kind?: "event" | "stream"; five9SubscriptionId?: string }
  | { ok: false; reason: string };

/** The longest a refusal reason is kept (it is shown to the admin). */
const MAX_REASON = 300;

/**
 * Records one event or stream: accepted (it carried the current trust token)
 * or refused, with why. Unknown ids are ignored (the subscription may have
 * been deleted with the tenant's data meanwhile).
 */
export async function recordVoiceStreamContact(subscriptionId: string, contact: VoiceStreamContact, at: Date = new Date()): Promise<void> {
  if (contact.ok) {
    const seen = contact.kind === "stream" ? { lastStreamAt: at } : { lastEventAt: at };
    await db().voiceStreamSubscription.updateMany({
      where: { id: subscriptionId },
      data: { ...seen, lastAuthenticatedAt: at, ...(contact.five9SubscriptionId ? { five9SubscriptionId: contact.five9SubscriptionId.slice(0, 200) } : {}) },
    });
    return;
  }
  await db().voiceStreamSubscription.updateMany({ where: { id: subscriptionId }, data: { lastRejectedAt: at, lastRejectReason: contact.reason.slice(0, MAX_REASON) } });
}

export type SubscriptionAcceptance = { accepts: true } | { accepts: false; status: 410; reason: string };

/**
 * Whether Loris takes traffic for this subscription at all. A deactivated one
 * (uninstall, or replaced) is refused for good: Five9 cannot be told to stop
 * through an API, so Loris refuses until the admin removes it in Five9.
 */
export function voiceStreamSubscriptionAccepts(sub: Pick<VoiceStreamSubscription, "disabledAt">): SubscriptionAcceptance {
  if (sub.disabledAt) return { accepts: false, status: 410, reason: "this VoiceStream subscription was deactivated in Loris; remove it in Five9's Admin Console" };
  return { accepts: true };
}
