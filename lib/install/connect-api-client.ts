// Step b, "API client": the admin types the Five9 domain id and pastes the id
// and secret of an API client created in that domain's Admin Console; we
// exchange them at once and prove them against the domain before storing
// anything (the domain is claimed for this workspace only then).
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { saveConnection } from "../five9/connection-store";
import { REQUIRED_SCOPES, type Five9Region } from "../five9/endpoints";
import { Five9Error } from "../five9/errors";
import { clientCredentialsGrant } from "../five9/oauth";
import { CLAIMED_MESSAGE, domainClaimedElsewhere, domainIdSchema } from "./domain-claim";
import { advanceInstall, requireInstaller, requireRegion } from "./install-record";
import { verifyGrant } from "./verify-grant";

export const connectApiClientInput = z.object({
  slug: z.string().min(1),
  clientId: z.string().trim().min(1, "Enter the API client's id").max(200),
  clientSecret: z.string().trim().min(1, "Enter the API client's secret").max(500),
  /** The domain the API client belongs to; may be left out when the install already names one (re-authorizing). */
  domainId: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), domainIdSchema.optional()),
});

export const connectApiClient = tenantAction(connectApiClientInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  const install = await requireRegion(tenant);
  const region = install.region as Five9Region;
  const domainId = input.domainId ?? install.five9DomainId;
  if (!domainId) throw new AppError("validation_failed", "Enter your Five9 domain id.", { fields: { domainId: "Enter the id of the Five9 domain the API client belongs to (Admin Console → Domain)." } });
  if (install.completedAt && install.five9DomainId && domainId !== install.five9DomainId) {
    throw new AppError("validation_failed", "Loris is installed for another Five9 domain.", { fields: { domainId: `Loris is installed for Five9 domain ${install.five9DomainId}. Uninstall it first to connect a different domain.` } });
  }
  if (await domainClaimedElsewhere(tenant.id, domainId)) throw new AppError("validation_failed", CLAIMED_MESSAGE, { fields: { domainId: `${CLAIMED_MESSAGE} Ask Loris support if this is unexpected.` } });
  let tokens;
  try {
    tokens = await clientCredentialsGrant(region, { clientId: input.clientId, clientSecret: input.clientSecret }, REQUIRED_SCOPES);
  } catch (error) {
    await recordAudit({ action: "install.authorize", tenantId: tenant.id, actor: viewer, outcome: "failure", details: { method: "client_credentials", reason: error instanceof Error ? error.message : "unknown" } });
    if (error instanceof Five9Error && error.kind === "invalid_client") throw new AppError("validation_failed", "Five9 did not accept this client id and secret.", { fields: { clientSecret: "Five9 did not accept this client id and secret. Copy them again from Admin Console → API Access Control." } });
    if (error instanceof Five9Error && error.kind === "invalid_scope") throw new AppError("validation_failed", "This API client lacks scopes Loris needs.", { fields: { clientId: `This API client lacks scopes Loris needs (${REQUIRED_SCOPES.join(", ")}). Add them in Admin Console and try again.` } });
    if (error instanceof Five9Error) throw new AppError("upstream_failed", `${error.message}. Check the region, or try again in a minute.`);
    throw error;
  }
  const { domainName } = await verifyGrant(region, domainId, tokens, "clientId");
  try {
    await db().$transaction(async (tx) => {
      if (install.five9DomainId !== domainId) {
        // A different domain: the history login of the old one is worthless for it.
        if (install.five9DomainId) await tx.supervisorCredential.deleteMany({ where: { tenantId: tenant.id } });
        await tx.tenant.update({ where: { id: tenant.id }, data: { five9DomainId: domainId } });
        await tx.install.update({ where: { id: install.id }, data: { five9DomainId: domainId } });
      }
      await saveConnection({ tenantId: tenant.id, region, domainId, grantType: "client_credentials", clientId: input.clientId, clientSecret: input.clientSecret, tokens }, tx);
      await advanceInstall(install, "credentials", { grantType: "client_credentials" }, tx);
      if (tenant.status === "needs_reauthorization") await tx.tenant.update({ where: { id: tenant.id }, data: { status: "installed" } });
      await recordAudit({ action: "install.authorize", tenantId: tenant.id, actor: viewer, target: domainId, details: { method: "client_credentials", clientId: input.clientId, scopes: tokens.scopes } }, tx);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("validation_failed", CLAIMED_MESSAGE, { fields: { domainId: CLAIMED_MESSAGE } });
    throw error;
  }
  return { domainName, reauthorized: Boolean(install.completedAt) };
});
