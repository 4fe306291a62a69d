// Uninstall: revoke Loris's tokens at Five9, deactivate the VoiceStream
// subscription in Loris (its traffic is refused from then on), forget every
// credential, release the domain, and keep or delete the tenant's data as the
// admin chooses (deletion is a job with progress). What only the admin can
// remove at Five9 (the subscription, an API client) is named in the result
// and kept in the audit entry. Each step's outcome goes into the audit entry.
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { oauthClientOf, openConnectionSecrets } from "../five9/connection-store";
import type { Five9Region } from "../five9/endpoints";
import { revokeToken } from "../five9/oauth";
import { enqueueFromWeb } from "../jobs/web-queue";
import { five9Leftovers, leftoversAuditDetails } from "./five9-leftovers";
import { requireInstaller } from "./install-record";
import { deleteTenantDataContract } from "../jobs/contracts";

export const uninstallInput = z.object({
  slug: z.string().min(1),
  data: z.enum(["keep", "delete"], { message: "Choose whether to keep or delete the data" }),
  confirm: z.string().trim(),
});

/** Revokes the connection's tokens at Five9; reports what happened rather than failing the uninstall. */
async function revokeAtFive9(tenantId: string): Promise<string> {
  const connection = await db().five9Connection.findUnique({ where: { tenantId } });
  if (!connection) return "no connection";
  try {
    const secrets = openConnectionSecrets(connection);
    const client = oauthClientOf(connection, secrets);
    const region = connection.region as Five9Region;
    if (secrets.refreshToken) await revokeToken(region, client, secrets.refreshToken, "refresh_token");
    if (secrets.accessToken) await revokeToken(region, client, secrets.accessToken, "access_token");
    return "revoked";
  } catch (error) {
    return `not revoked: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export const uninstall = tenantAction(uninstallInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  if (input.confirm !== tenant.slug) throw new AppError("validation_failed", "Type the workspace id to confirm.", { fields: { confirm: `Type ${tenant.slug} to confirm.` } });
  if (tenant.status === "uninstalled" || (tenant.status === "pending" && !tenant.five9DomainId)) throw new AppError("conflict", "Loris is not installed in this workspace.");
  const leftovers = five9Leftovers(
    await db().five9Connection.findUnique({ where: { tenantId: tenant.id }, select: { grantType: true, clientId: true } }),
    await db().voiceStreamSubscription.findUnique({ where: { tenantId: tenant.id } }),
  );
  const revocation = await revokeAtFive9(tenant.id);
  const deletion = await db().$transaction(async (tx) => {
    await tx.voiceStreamSubscription.updateMany({ where: { tenantId: tenant.id }, data: { disabledAt: new Date() } });
    await tx.five9Connection.deleteMany({ where: { tenantId: tenant.id } });
    await tx.supervisorCredential.deleteMany({ where: { tenantId: tenant.id } });
    await tx.legacyExportSource.deleteMany({ where: { tenantId: tenant.id } });
    await tx.oAuthState.deleteMany({ where: { tenantId: tenant.id } });
    await tx.install.deleteMany({ where: { tenantId: tenant.id } });
    await tx.tenant.update({ where: { id: tenant.id }, data: { status: "uninstalled", five9DomainId: null } });
    const row = input.data === "delete" ? await tx.dataDeletion.create({ data: { tenantId: tenant.id, requestedBy: viewer.email } }) : null;
    await recordAudit({ action: "install.uninstalled", tenantId: tenant.id, actor: viewer, target: tenant.five9DomainId ?? undefined, details: { tokens: revocation, voicestream: "refused by Loris", data: input.data, five9Leftovers: leftoversAuditDetails(leftovers) } }, tx);
    return row;
  });
  if (deletion) await enqueueFromWeb(deleteTenantDataContract, { deletionId: deletion.id });
  return { revocation, deletionId: deletion?.id ?? null, leftovers };
});
