// Renaming a tenant (its display name), audited. The first tenant-scoped
// server action; later install/settings actions follow the same shape.
import { z } from "zod";
import { db } from "../db";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";

export const renameTenantInput = z.object({
  slug: z.string().min(1),
  name: z.string().trim().min(2, "Name must be at least 2 characters").max(80, "Name must be at most 80 characters"),
});

export const renameTenant = tenantAction(renameTenantInput, async ({ viewer, tenant, input }) => {
  if (input.name === tenant.name) return { name: tenant.name };
  const updated = await db().$transaction(async (tx) => {
    const row = await tx.tenant.update({ where: { id: tenant.id }, data: { name: input.name } });
    await recordAudit({ action: "tenant.rename", tenantId: tenant.id, actor: viewer, target: tenant.slug, details: { from: tenant.name, to: input.name } }, tx);
    return row;
  });
  return { name: updated.name };
});
