// Step c: the Five9 user Loris logs in with for recordings and transcripts
// (Supervisor REST, tried at once) and, for customers still on V1, the FTP/SFTP
// export (logged in and listed at once). Nothing is stored unless all that was
// entered works.
import { z } from "zod";
import { auditFailedAttempt, recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { contextFor } from "../crypto/sealed-fields";
import { sealSecret } from "../crypto/secrets";
import { db } from "../db";
import { AppError } from "../errors";
import type { Five9Region } from "../five9/endpoints";
import { Five9Error } from "../five9/errors";
import { legacyExportSchema, probeLegacyExport } from "../five9/legacy-export";
import { probeSoap } from "../five9/soap";
import { startSupervisorSession, supervisorLogin, supervisorLogout } from "../five9/supervisor";
import { advanceInstall, requireInstall, requireInstaller } from "./install-record";

export const saveHistoryAccessInput = z.discriminatedUnion("legacyEnabled", [
  z.object({ slug: z.string().min(1), legacyEnabled: z.literal(false), supervisorUsername: z.string().trim().min(1, "Enter the Five9 username").max(200), supervisorPassword: z.string().min(1, "Enter the password").max(500) }),
  z.object({ slug: z.string().min(1), legacyEnabled: z.literal(true), supervisorUsername: z.string().trim().min(1, "Enter the Five9 username").max(200), supervisorPassword: z.string().min(1, "Enter the password").max(500), legacy: legacyExportSchema }),
]);

export async function proveSupervisor(region: Five9Region, domainId: string, username: string, password: string): Promise<void> {
  try {
    const session = await supervisorLogin(region, { username, password });
    try {
      if (session.domainId !== domainId) throw new AppError("validation_failed", "This user belongs to another Five9 domain.", { fields: { supervisorUsername: `This user belongs to Five9 domain ${session.domainId}, not ${domainId}.` } });
      await startSupervisorSession(session);
    } finally {
      await supervisorLogout(session);
    }
  } catch (error) {
    // A wrong password is said as just that; a user without the role is told apart (Five9 answers 403 then).
    if (error instanceof Five9Error && error.kind === "unauthorized") throw new AppError("validation_failed", "Five9 did not accept this username and password.", { fields: { supervisorPassword: "Five9 did not accept this username and password." } });
    if (error instanceof Five9Error && error.kind === "forbidden") throw new AppError("validation_failed", "This user is not a Supervisor in Five9.", { fields: { supervisorUsername: "This user does not have the Supervisor role in Five9: give it the role (Admin Console → Users → Roles), or use another user." } });
    if (error instanceof Five9Error && error.kind === "migrated") throw new AppError("upstream_failed", "Five9 says this domain was migrated to another data center. Check the region chosen in the first step.");
    if (error instanceof Five9Error) throw new AppError("upstream_failed", `${error.message}.`);
    throw error;
  }
}

/** The call log comes from the SOAP report API, which needs the Administrator role as well. */
export async function proveCallLogAccess(region: Five9Region, username: string, password: string): Promise<void> {
  try {
    await probeSoap(region, { username, password });
  } catch (error) {
    if (error instanceof Five9Error && error.kind === "forbidden") throw new AppError("validation_failed", "This user may not read the call log.", { fields: { supervisorUsername: "This user may not read the call log: give it the Administrator role in Five9 (Admin Console → Users → Roles), or use another user." } });
    if (error instanceof Five9Error && error.kind === "unauthorized") throw new AppError("validation_failed", "Five9 did not accept this username and password.", { fields: { supervisorPassword: "Five9 did not accept this username and password." } });
    if (error instanceof Five9Error) throw new AppError("upstream_failed", `Call log API: ${error.message}.`);
    throw error;
  }
}

export const saveHistoryAccess = tenantAction(saveHistoryAccessInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  const install = await requireInstall(tenant);
  const connection = await db().five9Connection.findUnique({ where: { tenantId: tenant.id } });
  if (!connection) throw new AppError("conflict", "Authorize Loris with Five9 first (previous step).");
  // A login Five9 or the export server refused is audited as a failed attempt, with why (never the password).
  await auditFailedAttempt({ action: "install.supervisor_login", tenantId: tenant.id, actor: viewer, target: input.supervisorUsername }, async () => {
    await proveSupervisor(install.region as Five9Region, install.five9DomainId, input.supervisorUsername, input.supervisorPassword);
    await proveCallLogAccess(install.region as Five9Region, input.supervisorUsername, input.supervisorPassword);
  });
  if (input.legacyEnabled) {
    const legacyTarget = `${input.legacy.protocol}://${input.legacy.host}:${input.legacy.port}`;
    await auditFailedAttempt({ action: "install.legacy_export_login", tenantId: tenant.id, actor: viewer, target: legacyTarget }, async () => {
      try {
        await probeLegacyExport(input.legacy);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const field = error instanceof Five9Error && error.kind === "unauthorized" ? "legacy.password" : error instanceof Five9Error && error.kind === "bad_response" ? "legacy.folder" : "legacy.host";
        throw new AppError("validation_failed", message, { fields: { [field]: message } });
      }
    });
  }
  await db().$transaction(async (tx) => {
    const passwordSealed = sealSecret(input.supervisorPassword, contextFor("supervisorCredential", tenant.id, "passwordSealed"));
    await tx.supervisorCredential.upsert({
      where: { tenantId: tenant.id },
      create: { tenantId: tenant.id, username: input.supervisorUsername, passwordSealed, verifiedAt: new Date() },
      update: { username: input.supervisorUsername, passwordSealed, verifiedAt: new Date() },
    });
    if (input.legacyEnabled) {
      const { password, ...legacy } = input.legacy;
      const sealed = sealSecret(password, contextFor("legacyExportSource", tenant.id, "passwordSealed"));
      await tx.legacyExportSource.upsert({
        where: { tenantId: tenant.id },
        create: { tenantId: tenant.id, ...legacy, passwordSealed: sealed, verifiedAt: new Date() },
        update: { ...legacy, passwordSealed: sealed, verifiedAt: new Date() },
      });
    } else {
      await tx.legacyExportSource.deleteMany({ where: { tenantId: tenant.id } });
    }
    await advanceInstall(install, "campaigns", {}, tx);
    await recordAudit({ action: "install.history_access", tenantId: tenant.id, actor: viewer, details: { supervisorUsername: input.supervisorUsername, legacy: input.legacyEnabled ? `${input.legacy.protocol}://${input.legacy.host}:${input.legacy.port}` : null } }, tx);
  });
  return { saved: true };
});
