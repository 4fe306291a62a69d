// Step b, "API client": the admin pastes the id and secret of an API client
// created in Five9's Admin Console; we exchange them at once to prove them.
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { saveConnection } from "../five9/connection-store";
import { REQUIRED_SCOPES, type Five9Region } from "../five9/endpoints";
import { Five9Error } from "../five9/errors";
import { clientCredentialsGrant } from "../five9/oauth";
import { advanceInstall, requireInstall, requireInstaller } from "./install-record";
import { verifyGrant } from "./verify-grant";

export const connectApiClientInput = z.object({
  slug: z.string().min(1),
  clientId: z.string().trim().min(1, "Enter the API client's id").max(200),
  clientSecret: z.string().trim().min(1, "Enter the API client's secret").max(500),
});

export const connectApiClient = tenantAction(connectApiClientInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  const install = await requireInstall(tenant);
  const region = install.region as Five9Region;
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
  const { domainName } = await verifyGrant(region, install.five9DomainId, tokens, "clientId");
  await db().$transaction(async (tx) => {
    await saveConnection({ tenantId: tenant.id, region, domainId: install.five9DomainId, grantType: "client_credentials", clientId: input.clientId, clientSecret: input.clientSecret, tokens }, tx);
    await advanceInstall(install, "credentials", { grantType: "client_credentials" }, tx);
    if (tenant.status === "needs_reauthorization") await tx.tenant.update({ where: { id: tenant.id }, data: { status: "installed" } });
    await recordAudit({ action: "install.authorize", tenantId: tenant.id, actor: viewer, target: install.five9DomainId, details: { method: "client_credentials", clientId: input.clientId, scopes: tokens.scopes } }, tx);
  });
  return { domainName, reauthorized: Boolean(install.completedAt) };
});
