// Step a: the Five9 region. The domain id is optional here: with "Connect
// with Five9" it comes from the grant (the admin cannot type a wrong one),
// with an API client it is typed on the Authorize step. When given, the
// domain is claimed for this workspace (one held by another is refused).
// Changing the region or domain of an install in progress starts
// authorization again.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { regionSchema } from "../five9/endpoints";
import { CLAIMED_MESSAGE, domainClaimedElsewhere, domainIdSchema } from "./domain-claim";
import { installOf, requireInstaller } from "./install-record";
import { furthest } from "./steps";

export const chooseDomainInput = z.object({
  slug: z.string().min(1),
  region: regionSchema,
  domainId: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), domainIdSchema.optional()),
});

export const chooseDomain = tenantAction(chooseDomainInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  if (tenant.status === "installed" && ((input.domainId && tenant.five9DomainId !== input.domainId) || (tenant.region && tenant.region !== input.region))) {
    throw new AppError("conflict", "Loris is already installed for another Five9 domain. Uninstall it first to connect a different domain.");
  }
  if (input.domainId && (await domainClaimedElsewhere(tenant.id, input.domainId))) {
    throw new AppError("validation_failed", CLAIMED_MESSAGE, { fields: { domainId: `${CLAIMED_MESSAGE} Ask Loris support if this is unexpected.` } });
  }

  try {
    return await db().$transaction(async (tx) => {
      const existing = await installOf(tenant.id, tx);
      const changed = existing && (existing.region !== input.region || (input.domainId !== undefined && existing.five9DomainId !== input.domainId));
      if (changed) {
        // Credentials for the old domain are worthless for the new one.
        await tx.five9Connection.deleteMany({ where: { tenantId: tenant.id } });
        await tx.supervisorCredential.deleteMany({ where: { tenantId: tenant.id } });
      }
      // A new region without a domain id forgets the old domain: the authorization names it again.
      const domainId = input.domainId ?? (changed ? null : (existing?.five9DomainId ?? null));
      await tx.tenant.update({ where: { id: tenant.id }, data: { region: input.region, five9DomainId: domainId } });
      const install = await tx.install.upsert({
        where: { tenantId: tenant.id },
        create: { tenantId: tenant.id, region: input.region, five9DomainId: domainId, step: "authorize", startedBy: viewer.email },
        update: { region: input.region, five9DomainId: domainId, step: changed ? "authorize" : furthest(existing?.step ?? "region", "authorize") },
      });
      await recordAudit({ action: existing ? "install.domain_changed" : "install.started", tenantId: tenant.id, actor: viewer, target: domainId ?? undefined, details: { region: input.region } }, tx);
      return { step: install.step };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("validation_failed", CLAIMED_MESSAGE, { fields: { domainId: CLAIMED_MESSAGE } });
    }
    throw error;
  }
});
