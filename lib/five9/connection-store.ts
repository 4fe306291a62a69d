// The tenant's stored Five9 connection: tokens and client secret sealed with
// the tenant bound into each secret's context. The only module that seals or
// opens connection secrets.
import type { Five9Connection, GrantType, Prisma } from "@prisma/client";
import { db } from "../db";
import { contextFor } from "../crypto/sealed-fields";
import { openSecret, sealSecret } from "../crypto/secrets";
import type { Five9Region } from "./endpoints";
import type { OAuthClientCredentials, TokenSet } from "./oauth";
import { marketplaceClient } from "./oauth";
import { AppError } from "../errors";

export interface ConnectionSecrets {
  accessToken?: string;
  refreshToken?: string;
  clientSecret?: string;
}

const seal = (tenantId: string, field: "clientSecretSealed" | "accessTokenSealed" | "refreshTokenSealed", value: string | undefined) =>
  value === undefined ? null : sealSecret(value, contextFor("five9Connection", tenantId, field));

export function openConnectionSecrets(connection: Five9Connection): ConnectionSecrets {
  const open = (field: "clientSecretSealed" | "accessTokenSealed" | "refreshTokenSealed") => {
    const sealed = connection[field];
    return sealed ? openSecret(sealed, contextFor("five9Connection", connection.tenantId, field)) : undefined;
  };
  return { accessToken: open("accessTokenSealed"), refreshToken: open("refreshTokenSealed"), clientSecret: open("clientSecretSealed") };
}

/** Fields that store a freshly obtained token set. */
export function tokenFields(tenantId: string, tokens: TokenSet) {
  return {
    accessTokenSealed: seal(tenantId, "accessTokenSealed", tokens.accessToken),
    refreshTokenSealed: seal(tenantId, "refreshTokenSealed", tokens.refreshToken),
    tokenExpiresAt: tokens.expiresAt,
    scopes: tokens.scopes,
    lastRefreshedAt: new Date(),
    lastRefreshError: null,
    state: "active" as const,
  };
}

/** Creates or replaces the tenant's connection after an authorization. */
export async function saveConnection(
  args: { tenantId: string; region: Five9Region; domainId: string; grantType: GrantType; clientId: string; clientSecret?: string; tokens: TokenSet },
  client: Prisma.TransactionClient = db(),
): Promise<Five9Connection> {
  const data = {
    region: args.region,
    five9DomainId: args.domainId,
    grantType: args.grantType,
    clientId: args.clientId,
    clientSecretSealed: seal(args.tenantId, "clientSecretSealed", args.clientSecret),
    ...tokenFields(args.tenantId, args.tokens),
  };
  return client.five9Connection.upsert({
    where: { tenantId: args.tenantId },
    create: { tenantId: args.tenantId, ...data },
    update: { ...data, tokenVersion: { increment: 1 } },
  });
}

/** The OAuth client a connection authenticates as: its own API client, or the marketplace app. */
export function oauthClientOf(connection: Five9Connection, secrets: ConnectionSecrets): OAuthClientCredentials {
  if (connection.grantType === "client_credentials") {
    if (!secrets.clientSecret) throw new AppError("conflict", "The stored API client has no secret; enter it again.");
    return { clientId: connection.clientId, clientSecret: secrets.clientSecret };
  }
  const app = marketplaceClient();
  if (!app) throw new AppError("conflict", "Connect with Five9 is not configured on this server (FIVE9_APP_CLIENT_ID).");
  return app;
}
