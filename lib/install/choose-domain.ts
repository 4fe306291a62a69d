// Step a: region and Five9 domain. Claims the domain for this workspace (a
// domain connected to another workspace is refused). Changing the domain of
// an install in progress starts authorization again.
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { regionSchema } from "../five9/endpoints";
import { installOf, requireInstaller } from "./install-record";
import { furthest } from "./steps";

export const chooseDomainInput = z.object({
  slug: z.string().min(1),
  region: regionSchema,
  domainId: z.string().trim().min(1, "Enter your Five9 domain id").max(32, "A Five9 domain id is at most 32 characters").regex(/^\d+$/, "A Five9 domain id is a number, shown in Admin Console → Domain"),
});

export const chooseDomain = tenantAction(chooseDomainInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  if (tenant.status === "installed" && tenant.five9DomainId !== input.domainId) {
    throw new AppError("conflict", "Loris is already installed for another Five9 domain. Uninstall it first to connect a different domain.");
  }
  const owner = await db().tenant.findFirst({ where: { five9DomainId: input.domainId, id: { not: tenant.id } } });
  if (owner) throw new AppError("validation_failed", "This Five9 domain is already connected to another Loris workspace.", { fields: { domainId: "This Five9 domain is already connected to another Loris workspace. Ask Loris support if this is unexpected." } });

  try {
    return await db().$transaction(async (tx) => {
      const existing = await installOf(tenant.id, tx);
      const changed = existing && (existing.region !== input.region || existing.five9DomainId !== input.domainId);
      if (changed) {
        // Credentials for the old domain are worthless for the new one.
        await tx.five9Connection.deleteMany({ where: { tenantId: tenant.id } });
        await tx.supervisorCredential.deleteMany({ where: { tenantId: tenant.id } });
      }
      await tx.tenant.update({ where: { id: tenant.id }, data: { region: input.region, five9DomainId: input.domainId } });
      const install = await tx.install.upsert({
        where: { tenantId: tenant.id },
        create: { tenantId: tenant.id, region: input.region, five9DomainId: input.domainId, step: "authorize", startedBy: viewer.email },
        update: { region: input.region, five9DomainId: input.domainId, step: changed ? "authorize" : furthest(existing?.step ?? "region", "authorize") },
      });
      await recordAudit({ action: existing ? "install.domain_changed" : "install.started", tenantId: tenant.id, actor: viewer, target: input.domainId, details: { region: input.region } }, tx);
      return { step: install.step };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("validation_failed", "This Five9 domain is already connected to another Loris workspace.", { fields: { domainId: "This Five9 domain is already connected to another Loris workspace." } });
    }
    throw error;
  }
});
