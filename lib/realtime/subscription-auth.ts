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
import { db, sql } from "../db";
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

interface DomainTenant {
  id: string;
  five9DomainId: string;
  status: string;
  /** null: no install row. */
  dataKinds: string[] | null;
  campaigns: string[] | null;
  /** The VoiceStream subscription, if any. */
  subId: string | null;
  trustTokenHash: string | null;
  five9SubscriptionId: string | null;
  disabledAt: Date | null;
}

/**
 * The tenant of a Five9 domain with its install and subscription, in one statement. Batched: legs
 * opening together share one read (each read still starts after its caller asked, so an uninstall
 * is seen at once).
 */
const tenantOfDomain = batchQueue(async (domainIds: string[]) => {
  const tenants = await sql<DomainTenant>`
    SELECT t.id, t."five9DomainId", t.status::text AS status, i."dataKinds", i.campaigns,
      s.id AS "subId", s."trustTokenHash", s."five9SubscriptionId", s."disabledAt"
    FROM "Tenant" t LEFT JOIN "Install" i ON i."tenantId" = t.id LEFT JOIN "VoiceStreamSubscription" s ON s."tenantId" = t.id
    WHERE t."five9DomainId" = ANY(${[...new Set(domainIds)]}::text[])`;
  const byDomain = new Map(tenants.map((t) => [t.five9DomainId, t]));
  return domainIds.map((id) => byDomain.get(id) ?? null);
}, { maxBatch: 500 });

/**
 * The first authenticated stream names the subscription's Five9 id. Streams opening together may
 * all find it unknown: the first to write it wins, and every other one is judged against what was
 * written (two different ids at once: only one is accepted).
 */
async function claimFive9SubscriptionId(subscriptionRowId: string, five9SubscriptionId: string): Promise<string | null> {
  const claimed = await sql<{ id: string }>`
    UPDATE "VoiceStreamSubscription" SET "five9SubscriptionId" = ${five9SubscriptionId}, "updatedAt" = now()
    WHERE id = ${subscriptionRowId} AND "five9SubscriptionId" IS NULL RETURNING id`;
  if (claimed.length) return five9SubscriptionId;
  const [row] = await sql<{ five9SubscriptionId: string | null }>`SELECT "five9SubscriptionId" FROM "VoiceStreamSubscription" WHERE id = ${subscriptionRowId}`;
  return row?.five9SubscriptionId ?? null;
}

export async function authenticateStream(input: { domainId: string; subscriptionId: string; campaign: string; metadataToken: string | undefined; configToken: string }): Promise<StreamAuthResult> {
  const tenant = input.domainId ? await tenantOfDomain(input.domainId) : null;
  const sub = tenant?.subId ? { id: tenant.subId, trustTokenHash: tenant.trustTokenHash!, five9SubscriptionId: tenant.five9SubscriptionId, disabledAt: tenant.disabledAt } : undefined;
  // Both digests are always computed, so a wrong domain costs the same as a wrong token.
  const metaOk = digestMatches(input.metadataToken, sub?.trustTokenHash ?? DUMMY_HASH);
  const configOk = digestMatches(input.configToken, sub?.trustTokenHash ?? DUMMY_HASH);
  if (!tenant) return { ok: false, reason: "unknown_domain" };
  if (tenant.status !== "installed" && tenant.status !== "needs_reauthorization") return { ok: false, reason: "not_installed" };
  if (!tenant.dataKinds?.includes("live_audio")) return { ok: false, reason: "live_audio_off" };
  if (!sub) return { ok: false, reason: "no_subscription" };
  if (!voiceStreamSubscriptionAccepts(sub).accepts) return { ok: false, reason: "disabled" };
  if (!input.metadataToken || !input.configToken || !input.subscriptionId) return { ok: false, reason: "token_missing" };
  if (!metaOk || !configOk) return { ok: false, reason: "token_mismatch" };
  // Five9's subscription id: once known (from an event or the first authenticated stream), every stream must carry it.
  const known = sub.five9SubscriptionId ?? (await claimFive9SubscriptionId(sub.id, input.subscriptionId));
  if (known !== input.subscriptionId) return { ok: false, reason: "unknown_subscription" };
  return { ok: true, tenantId: tenant.id, subscriptionRowId: sub.id, campaignChosen: campaignFilterOf(tenant.campaigns).allows(input.campaign) };
}

/** Marks the subscription as seen streaming (at most once a minute per subscription, to keep writes low). */
const lastMarked = new Map<string, number>();
export async function markStreamSeen(subscriptionRowId: string, now = Date.now()): Promise<void> {
  if ((lastMarked.get(subscriptionRowId) ?? 0) > now - 60_000) return;
  lastMarked.set(subscriptionRowId, now);
  await db().voiceStreamSubscription.update({ where: { id: subscriptionRowId }, data: { lastStreamAt: new Date(now) } });
}
