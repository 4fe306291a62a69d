// What the wizard pages show of a tenant's saved setup. Pages read through
// here (not Prisma directly), and only the fields a page may show: secrets
// (passwords, tokens, client secrets) are never selected.
import { db } from "../db";

/** The Five9 grant, as the authorize step and the overview describe it. */
export function savedConnection(tenantId: string) {
  return db().five9Connection.findUnique({
    where: { tenantId },
    select: { grantType: true, clientId: true, scopes: true, state: true, tokenExpiresAt: true, lastRefreshError: true, updatedAt: true },
  });
}

/** The Supervisor user and the legacy export source, without their passwords. */
export async function savedHistoryAccess(tenantId: string) {
  const [supervisor, legacy] = await Promise.all([
    db().supervisorCredential.findUnique({ where: { tenantId }, select: { username: true, verifiedAt: true } }),
    db().legacyExportSource.findUnique({ where: { tenantId }, select: { protocol: true, host: true, port: true, username: true, folder: true } }),
  ]);
  return { supervisor, legacy };
}

/** The tenant's VoiceStream subscription (the live-audio step shows its event URL and state). */
export function savedVoiceStreamSubscription(tenantId: string) {
  return db().voiceStreamSubscription.findUnique({ where: { tenantId } });
}

/** Whether the install of the tenant with this slug was finished (a re-authorization then returns to the overview). */
export async function installCompletedForSlug(slug: string): Promise<boolean> {
  const install = await db().install.findFirst({ where: { tenant: { slug } }, select: { completedAt: true } });
  return Boolean(install?.completedAt);
}
