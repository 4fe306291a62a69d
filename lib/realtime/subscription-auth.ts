// Who a stream belongs to, decided from its config and metadata alone. The
// tenant is found by its Five9 domain; the stream is accepted only when the
// tenant is installed, live audio is among its chosen data, its subscription
// is active, BOTH trust tokens (metadata x-five9-trust-token and
// streaming_config.trust_token) hash to the stored SHA-256 — compared in
// constant time — and subscription_id is Five9's id of that subscription
// (learned from the first authenticated event or stream, then required). Every refusal looks the same to the caller (no hint which
// part was wrong); the reason is only logged.
import { createHash, timingSafeEqual } from "node:crypto";
import { batchQueue } from "../batch-queue";
import { db } from "../db";
import { campaignFilterOf } from "../ingest/campaign-filter";
import { voiceStreamSubscriptionAccepts } from "./voicestream-contact";

export type StreamAuthResult =
  | { ok: true; tenantId: string; subscriptionRowId: string; campaignChosen: boolean }
  | { ok: false; reason: "unknown_domain" | "not_installed" | "live_audio_off" | "no_subscription" | "disabled" | "token_mismatch" | "token_missing" | "unknown_subscription" };

const DUMMY_HASH = createHash("sha256").update("no-subscription").digest("hex");

function digestMatches(token: string | undefined, storedHashHex: string): boolean {
  const a = createHash("sha256").update(token ?? "", "utf8").digest();
  const b = Buffer.from(/^[0-9a-f]{64}$/.test(storedHashHex) ? storedHashHex : DUMMY_HASH, "hex");
  return timingSafeEqual(a, b) && token !== undefined && token !== "";
}

/**
 * The tenant of a Five9 domain with its install and subscription. Batched: legs opening together
 * share one read (each read still starts after its caller asked, so an uninstall is seen at once).
 */
const tenantOfDomain = batchQueue(async (domainIds: string[]) => {
  const tenants = await db().tenant.findMany({ where: { five9DomainId: { in: [...new Set(domainIds)] } }, include: { install: true, voiceStream: true } });
  const byDomain = new Map(tenants.map((t) => [t.five9DomainId, t]));
  return domainIds.map((id) => byDomain.get(id) ?? null);
}, { maxBatch: 500 });

/** The tenant read once with no match (see warmUpLegStorage). */
export async function warmUpStreamAuth(): Promise<void> {
  await tenantOfDomain("\u2063warm-up");
}

export async function authenticateStream(input: { domainId: string; subscriptionId: string; campaign: string; metadataToken: string | undefined; configToken: string }): Promise<StreamAuthResult> {
  const tenant = input.domainId ? await tenantOfDomain(input.domainId) : null;
  const sub = tenant?.voiceStream;
  // Both digests are always computed, so a wrong domain costs the same as a wrong token.
  const metaOk = digestMatches(input.metadataToken, sub?.trustTokenHash ?? DUMMY_HASH);
  const configOk = digestMatches(input.configToken, sub?.trustTokenHash ?? DUMMY_HASH);
  if (!tenant) return { ok: false, reason: "unknown_domain" };
  if (tenant.status !== "installed" && tenant.status !== "needs_reauthorization") return { ok: false, reason: "not_installed" };
  if (!tenant.install?.dataKinds.includes("live_audio")) return { ok: false, reason: "live_audio_off" };
  if (!sub) return { ok: false, reason: "no_subscription" };
  if (!voiceStreamSubscriptionAccepts(sub).accepts) return { ok: false, reason: "disabled" };
  if (!input.metadataToken || !input.configToken || !input.subscriptionId) return { ok: false, reason: "token_missing" };
  if (!metaOk || !configOk) return { ok: false, reason: "token_mismatch" };
  // Five9's subscription id: once known (from an event or the first authenticated stream), every stream must carry it.
  if (sub.five9SubscriptionId && sub.five9SubscriptionId !== input.subscriptionId) return { ok: false, reason: "unknown_subscription" };
  if (!sub.five9SubscriptionId) {
    await db().voiceStreamSubscription.updateMany({ where: { id: sub.id, five9SubscriptionId: null }, data: { five9SubscriptionId: input.subscriptionId.slice(0, 200) } });
  }
  return { ok: true, tenantId: tenant.id, subscriptionRowId: sub.id, campaignChosen: campaignFilterOf(tenant.install.campaigns).allows(input.campaign) };
}

/** Marks the subscription as seen streaming (at most once a minute per subscription, to keep writes low). */
const lastMarked = new Map<string, number>();
export async function markStreamSeen(subscriptionRowId: string, now = Date.now()): Promise<void> {
  if ((lastMarked.get(subscriptionRowId) ?? 0) > now - 60_000) return;
  lastMarked.set(subscriptionRowId, now);
  await db().voiceStreamSubscription.update({ where: { id: subscriptionRowId }, data: { lastStreamAt: new Date(now) } });
}
