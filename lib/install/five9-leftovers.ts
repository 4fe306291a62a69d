// What an uninstall cannot undo at Five9 itself, said exactly: Five9 has no
// public API to delete a VoiceStream subscription or an API client (Admin
// Console only), so the uninstall names each one and where to remove it. The
// list is kept in the uninstall's audit entry (the audit log survives a data
// deletion), so the overview can keep showing it after a reload.
import type { Five9Connection, Prisma, VoiceStreamSubscription } from "@prisma/client";
import { z } from "zod";
import { db } from "../db";
import { eventUrlFor } from "./live-audio";

export const five9LeftoverSchema = z.object({
  kind: z.enum(["voicestream_subscription", "api_client"]),
  /** What to look for in Admin Console, in the admin's words. */
  identify: z.string(),
  /** Where in Admin Console, and what to do there. */
  where: z.string(),
});
export type Five9Leftover = z.infer<typeof five9LeftoverSchema>;

export function five9Leftovers(connection: Pick<Five9Connection, "grantType" | "clientId"> | null, sub: VoiceStreamSubscription | null): Five9Leftover[] {
  const leftovers: Five9Leftover[] = [];
  if (sub && !sub.disabledAt) {
    const id = sub.five9SubscriptionId ? `id ${sub.five9SubscriptionId}, ` : "";
    // Never heard from Five9: it may not have been created at all.
    const seen = Boolean(sub.validatedAt || sub.lastAuthenticatedAt || sub.lastRejectedAt);
    leftovers.push({
      kind: "voicestream_subscription",
      identify: `${seen ? "The" : "If you created one, the"} VoiceStream subscription for Loris (${id}event URL ${eventUrlFor(sub.eventKey)})`,
      where: "Admin Console → VoiceStream → Subscriptions: delete it. Until then Five9 keeps trying to send it; Loris refuses its calls.",
    });
  }
  if (connection?.grantType === "client_credentials" && connection.clientId) {
    leftovers.push({
      kind: "api_client",
      identify: `The API client ${connection.clientId}`,
      where: "Admin Console → API Access Control: delete it (Loris has forgotten its secret).",
    });
  }
  return leftovers;
}

export const leftoversAuditDetails = (leftovers: Five9Leftover[]): Prisma.InputJsonValue => leftovers as unknown as Prisma.InputJsonValue;

/** What the latest uninstall left for the admin to remove at Five9 (none once Loris is installed again). */
export async function pendingFive9Leftovers(tenantId: string): Promise<Five9Leftover[]> {
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  if (tenant?.status !== "uninstalled") return [];
  const entry = await db().auditLog.findFirst({ where: { tenantId, action: "install.uninstalled" }, orderBy: { createdAt: "desc" } });
  const parsed = z.object({ five9Leftovers: z.array(five9LeftoverSchema) }).safeParse(entry?.details);
  return parsed.success ? parsed.data.five9Leftovers : [];
}
