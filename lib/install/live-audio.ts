// Step e: VoiceStream. Loris generates the trust token (shown once; only its
// SHA-256 is kept — which is also exactly what Five9's validation GET expects
// back) and shows the gRPC endpoint and event URL to enter in Five9's Admin
// Console. The step is done only when an event or stream with the trust token
// has arrived (lib/realtime/voicestream-state.ts), not when Five9 merely
// checked the event URL.
import { createHash, randomBytes } from "node:crypto";
import type { VoiceStreamSubscription } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { voiceStreamState } from "../realtime/voicestream-state";
import { advanceInstall, requireInstall, requireInstaller } from "./install-record";

export function trustTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function eventUrlFor(eventKey: string): string {
  return new URL(`/api/five9/events/${eventKey}`, env().AUTH_URL).toString();
}

export interface LiveAudioSetup {
  grpcEndpoint: string;
  eventUrl: string;
  /** Only when just generated: it is never shown again. */
  trustToken: string | null;
  validatedAt: string | null;
}

export function describeSubscription(sub: VoiceStreamSubscription, trustToken: string | null): LiveAudioSetup {
  return { grpcEndpoint: env().VOICESTREAM_PUBLIC_ENDPOINT, eventUrl: eventUrlFor(sub.eventKey), trustToken, validatedAt: sub.validatedAt?.toISOString() ?? null };
}

/** Creates the subscription details, or with `rotate` replaces the trust token (Five9 must then be updated). */
export const provisionLiveAudio = tenantAction(z.object({ slug: z.string().min(1), rotate: z.boolean().default(false) }), async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  await requireInstall(tenant);
  const existing = await db().voiceStreamSubscription.findUnique({ where: { tenantId: tenant.id } });
  if (existing && !existing.disabledAt && !input.rotate) return describeSubscription(existing, null);
  const trustToken = randomBytes(32).toString("base64url");
  // A new token: nothing seen so far proves Five9 has it, so the subscription is waiting again.
  const data = { trustTokenHash: trustTokenHash(trustToken), validatedAt: null, disabledAt: null, lastAuthenticatedAt: null, lastRejectedAt: null, lastRejectReason: null };
  const sub = await db().$transaction(async (tx) => {
    const row = await tx.voiceStreamSubscription.upsert({
      where: { tenantId: tenant.id },
      create: { tenantId: tenant.id, eventKey: randomBytes(16).toString("hex"), ...data },
      // Re-enabling after an uninstall: a new event URL, so the old Five9 subscription (which the admin may not have removed) stays refused.
      update: existing?.disabledAt ? { ...data, eventKey: randomBytes(16).toString("hex"), five9SubscriptionId: null } : data,
    });
    await recordAudit({ action: existing ? "voicestream.trust_token_rotated" : "voicestream.provisioned", tenantId: tenant.id, actor: viewer }, tx);
    return row;
  });
  return describeSubscription(sub, trustToken);
});

export const confirmLiveAudio = tenantAction(z.object({ slug: z.string().min(1) }), async ({ viewer, tenant }) => {
  requireInstaller(viewer);
  const install = await requireInstall(tenant);
  const sub = await db().voiceStreamSubscription.findUnique({ where: { tenantId: tenant.id } });
  if (!sub || sub.disabledAt) throw new AppError("conflict", "Generate the subscription details first.");
  const state = voiceStreamState(sub);
  if (!state.proven) throw new AppError("conflict", `${state.summary} ${state.hint ?? ""}`.trim());
  await advanceInstall(install, "verify");
  return { next: "verify" as const };
});
