// Access tokens for a tenant's Five9 connection, refreshed ahead of expiry.
// A refresh holds the connection row's lock (SELECT … FOR UPDATE) from reading
// the refresh token to storing the rotated one, so two workers never refresh
// the same connection at once: the second waits, then finds a fresh token.
// A refresh Five9 refuses marks the connection "needs re-authorization".
import type { Five9Connection } from "@prisma/client";
import { recordAudit } from "../audit";
import { db } from "../db";
import { AppError } from "../errors";
import { logger } from "../log";
import { openConnectionSecrets, oauthClientOf, tokenFields } from "./connection-store";
import type { Five9Region } from "./endpoints";
import { Five9Error, isCredentialRefusal } from "./errors";
import { clientCredentialsGrant, refreshTokenGrant } from "./oauth";
import type { RestAccess } from "./rest";

/** Refresh when less than this is left. */
export const REFRESH_AHEAD_MS = 10 * 60_000;

export type RefreshOutcome =
  | { outcome: "fresh" | "refreshed"; connection: Five9Connection }
  | { outcome: "needs_reauthorization" | "failed" | "inactive"; connection: Five9Connection; error?: string };

export async function refreshConnectionToken(tenantId: string, options: { force?: boolean; aheadMs?: number } = {}): Promise<RefreshOutcome> {
  const aheadMs = options.aheadMs ?? REFRESH_AHEAD_MS;
  return db().$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Five9Connection" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
      if (locked.length === 0) throw new AppError("not_found", "This workspace has no Five9 connection yet.");
      const connection = await tx.five9Connection.findUniqueOrThrow({ where: { tenantId } });
      if (connection.state !== "active") return { outcome: "inactive", connection } as const;
      const expiresAt = connection.tokenExpiresAt?.getTime() ?? 0;
      if (!options.force && expiresAt - Date.now() > aheadMs) return { outcome: "fresh", connection } as const;

      const secrets = openConnectionSecrets(connection);
      const client = oauthClientOf(connection, secrets);
      const region = connection.region as Five9Region;
      try {
        const tokens =
          connection.grantType === "client_credentials"
            ? await clientCredentialsGrant(region, client, connection.scopes)
            : await refreshTokenGrant(region, client, secrets.refreshToken ?? "");
        const updated = await tx.five9Connection.update({
          where: { tenantId },
          data: { ...tokenFields(tenantId, { ...tokens, scopes: tokens.scopes.length ? tokens.scopes : connection.scopes }), tokenVersion: { increment: 1 } },
        });
        return { outcome: "refreshed", connection: updated } as const;
      } catch (error) {
        const five9 = error instanceof Five9Error ? error : undefined;
        const message = five9?.message ?? (error instanceof Error ? error.message : String(error));
        if (five9 && isCredentialRefusal(five9)) {
          const updated = await tx.five9Connection.update({ where: { tenantId }, data: { state: "needs_reauthorization", lastRefreshError: message } });
          // Only an installed tenant changes status: one mid-install stays pending (re-authorizing
          // sets needs_reauthorization → installed, which must not skip the unfinished steps).
          await tx.tenant.updateMany({ where: { id: tenantId, status: "installed" }, data: { status: "needs_reauthorization" } });
          await recordAudit({ action: "connection.refresh", tenantId, outcome: "failure", details: { reason: message, result: "needs_reauthorization" } }, tx);
          logger("five9-tokens").warn({ tenantId, kind: five9.kind }, "token refresh refused; connection needs re-authorization");
          return { outcome: "needs_reauthorization", connection: updated, error: message } as const;
        }
        const updated = await tx.five9Connection.update({ where: { tenantId }, data: { lastRefreshError: message } });
        logger("five9-tokens").warn({ tenantId, err: message }, "token refresh failed; will retry");
        return { outcome: "failed", connection: updated, error: message } as const;
      }
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** A usable access token for REST calls, refreshed first when close to expiry. */
export async function restAccessFor(tenantId: string): Promise<RestAccess & { scopes: string[]; expiresAt: Date | null }> {
  let connection = await db().five9Connection.findUnique({ where: { tenantId } });
  if (!connection) throw new AppError("conflict", "Connect this workspace to Five9 first.");
  if (connection.state !== "active") throw new AppError("conflict", "The Five9 connection needs to be re-authorized: open the workspace and choose Re-authorize.");
  if ((connection.tokenExpiresAt?.getTime() ?? 0) - Date.now() < 60_000) {
    const result = await refreshConnectionToken(tenantId, { aheadMs: 60_000 });
    if (result.outcome === "needs_reauthorization") throw new AppError("conflict", "Five9 refused to renew Loris's access: re-authorize the connection.");
    if (result.outcome === "failed") throw new AppError("upstream_failed", `Could not renew the Five9 token: ${result.error ?? "unknown error"}`);
    connection = result.connection;
  }
  const secrets = openConnectionSecrets(connection);
  return { region: connection.region as Five9Region, domainId: connection.five9DomainId, accessToken: secrets.accessToken ?? "", scopes: connection.scopes, expiresAt: connection.tokenExpiresAt };
}
