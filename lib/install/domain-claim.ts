// A Five9 domain belongs to one Loris workspace at a time. Checked wherever a
// domain enters an install: typed with an API client, or taken from a
// "Connect with Five9" grant (the consent itself says which domain).
import { z } from "zod";
import { db } from "../db";

export const domainIdSchema = z.string().trim().min(1, "Enter your Five9 domain id").max(32, "A Five9 domain id is at most 32 characters").regex(/^\d+$/, "A Five9 domain id is a number, shown in Admin Console → Domain");

export const CLAIMED_MESSAGE = "This Five9 domain is already connected to another Loris workspace.";

/** Whether another workspace holds the domain. */
export async function domainClaimedElsewhere(tenantId: string, domainId: string): Promise<boolean> {
  return (await db().tenant.count({ where: { five9DomainId: domainId, id: { not: tenantId } } })) > 0;
}
