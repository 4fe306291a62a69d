// Step b, "Connect with Five9": authorization code + PKCE (S256). The admin
// chose only the region: the domain is the one the consent was given for
// (Five9's token response names it), claimed for this workspace at callback
// time; re-authorizing an install must name the same domain.
// The state is random, stored only as a hash, single use, expires after ten
// minutes and is bound to the browser that started it (a cookie holding a
// nonce whose hash is stored with the state) and to the signed-in user.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction, type Viewer } from "../auth/guard";
import { contextFor } from "../crypto/sealed-fields";
import { openSecret, sealSecret } from "../crypto/secrets";
import { db } from "../db";
import { AppError } from "../errors";
import { saveConnection } from "../five9/connection-store";
import { REQUIRED_SCOPES, type Five9Region } from "../five9/endpoints";
import { Five9Error } from "../five9/errors";
import { authorizationCodeGrant, authorizationUrl, marketplaceClient, pkcePair, revokeToken, type OAuthClientCredentials, type TokenSet } from "../five9/oauth";
import { CLAIMED_MESSAGE, domainClaimedElsewhere } from "./domain-claim";
import { advanceInstall, requireInstaller, requireRegion } from "./install-record";
import { verifyGrant } from "./verify-grant";

export const STATE_TTL_MS = 10 * 60_000;
export const BINDING_COOKIE = "loris_oauth_binding";
export const BINDING_COOKIE_PATH = "/api/five9/oauth";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export const beginFive9Authorization = tenantAction(z.object({ slug: z.string().min(1) }), async ({ viewer, tenant }) => {
  requireInstaller(viewer);
  const install = await requireRegion(tenant);
  const app = marketplaceClient();
  if (!app) throw new AppError("conflict", "Connect with Five9 is not available on this server. Use an API client instead.");
  const state = randomBytes(32).toString("base64url");
  const binding = randomBytes(32).toString("base64url");
  const pkce = await pkcePair();
  await db().$transaction(async (tx) => {
    // Drop this tenant's stale attempts so the table never grows without bound.
    await tx.oAuthState.deleteMany({ where: { tenantId: tenant.id, OR: [{ expiresAt: { lt: new Date() } }, { usedAt: { not: null } }] } });
    await tx.oAuthState.create({
      data: {
        stateHash: sha256(state),
        tenantId: tenant.id,
        userId: viewer.id,
        browserBindingHash: sha256(binding),
        codeVerifierSealed: sealSecret(pkce.verifier, contextFor("oAuthState", tenant.id, "codeVerifierSealed")),
        expiresAt: new Date(Date.now() + STATE_TTL_MS),
      },
    });
  });
  return { url: authorizationUrl(install.region as Five9Region, app, { state, codeChallenge: pkce.challenge, scopes: REQUIRED_SCOPES }), binding };
});

export type CallbackFailure = "missing_state" | "unknown_state" | "replayed" | "expired" | "wrong_browser" | "wrong_user" | "denied" | "consent_error" | "exchange_failed" | "missing_scopes" | "wrong_domain" | "domain_claimed" | "not_configured";

export const CALLBACK_MESSAGES: Record<CallbackFailure, { title: string; message: string }> = {
  missing_state: { title: "The answer from Five9 was incomplete", message: "Five9 sent you back without the information Loris needs. Start the authorization again." },
  unknown_state: { title: "We could not match this authorization", message: "The link was changed or did not come from an authorization you started. Start the authorization again from the install wizard." },
  replayed: { title: "This authorization was already used", message: "Each authorization link works once. If you refreshed the page, your connection may already be set up — open the install wizard to check." },
  expired: { title: "The authorization took too long", message: "Authorizations must be finished within 10 minutes. Start it again." },
  wrong_browser: { title: "Finish in the browser where you started", message: "For your security the authorization must be completed in the same browser that started it. Start it again here." },
  wrong_user: { title: "Signed in as someone else", message: "This authorization was started by another Loris user. Sign in as that user, or start again." },
  denied: { title: "Authorization was declined", message: "Loris was not given access in Five9. To continue, start again and choose Approve — or use an API client instead." },
  consent_error: { title: "Five9 reported a problem", message: "Five9 could not complete the authorization. Start again; if it keeps failing, use an API client instead." },
  exchange_failed: { title: "Five9 did not confirm the authorization", message: "Loris could not exchange the authorization with Five9. Start again in a minute." },
  missing_scopes: { title: "Not all access was granted", message: `Loris needs every one of these scopes: ${REQUIRED_SCOPES.join(", ")}. Start again and leave all of them ticked on Five9's consent page.` },
  wrong_domain: { title: "Another Five9 domain was authorized", message: "You signed in to a different Five9 domain than the one this workspace is connected to. Sign in as an admin of that domain (shown on the workspace overview)." },
  domain_claimed: { title: "This Five9 domain is connected to another Loris workspace", message: `${CLAIMED_MESSAGE} Loris did not keep the authorization. Sign in to another domain, or ask Loris support if this is unexpected.` },
  not_configured: { title: "Connect with Five9 is not available", message: "This server has no Five9 app registration. Use an API client instead." },
};

export type CallbackResult = { ok: true; slug: string } | { ok: false; slug?: string; reason: CallbackFailure; detail?: string };

function bindingMatches(cookieValue: string | undefined, storedHash: string): boolean {
  if (!cookieValue) return false;
  const a = Buffer.from(sha256(cookieValue));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Ends at Five9 a grant Loris refused to store (wrong domain, too few scopes):
 * nothing here would ever use or revoke it, yet the admin's console would list
 * Loris as authorized. Revoking the refresh token ends the whole grant.
 */
async function revokeUnkept(region: Five9Region, app: OAuthClientCredentials, tokens: TokenSet): Promise<void> {
  await revokeToken(region, app, tokens.refreshToken ?? tokens.accessToken, tokens.refreshToken ? "refresh_token" : "access_token").catch(() => undefined);
}

/** Handles Five9's redirect back to us. Never throws for a bad request: every failure is a result. */
export async function completeFive9Authorization(viewer: Viewer | null, bindingCookie: string | undefined, params: URLSearchParams): Promise<CallbackResult> {
  const state = params.get("state");
  if (!state) return { ok: false, reason: "missing_state" };
  const pending = await db().oAuthState.findUnique({ where: { stateHash: sha256(state) }, include: { tenant: true } });
  if (!pending) return { ok: false, reason: "unknown_state" };
  const slug = pending.tenant.slug;
  const fail = async (reason: CallbackFailure, detail?: string): Promise<CallbackResult> => {
    await recordAudit({ action: "install.authorize", tenantId: pending.tenantId, actor: viewer, outcome: "failure", details: { method: "authorization_code", reason, ...(detail ? { detail } : {}) } });
    return { ok: false, slug, reason, detail };
  };
  if (pending.usedAt) return fail("replayed");
  if (pending.expiresAt.getTime() < Date.now()) return fail("expired");
  if (!bindingMatches(bindingCookie, pending.browserBindingHash)) return fail("wrong_browser");
  if (!viewer || viewer.id !== pending.userId) return fail("wrong_user");
  // Single use, even when two requests race: only one update finds usedAt still empty.
  const claimed = await db().oAuthState.updateMany({ where: { id: pending.id, usedAt: null }, data: { usedAt: new Date() } });
  if (claimed.count !== 1) return fail("replayed");

  const error = params.get("error");
  if (error) return fail(error === "access_denied" ? "denied" : "consent_error", params.get("error_description") ?? error);
  const app = marketplaceClient();
  if (!app) return fail("not_configured");

  let install;
  try {
    install = await requireRegion(pending.tenant);
  } catch {
    return fail("unknown_state");
  }
  const region = install.region as Five9Region;
  const codeVerifier = openSecret(pending.codeVerifierSealed, contextFor("oAuthState", pending.tenantId, "codeVerifierSealed"));
  let tokens;
  try {
    tokens = await authorizationCodeGrant(region, app, { callback: params, state, codeVerifier });
  } catch (e) {
    return fail("exchange_failed", e instanceof Five9Error ? e.message : undefined);
  }
  // The consent names the domain; an install that already has one (re-authorizing) must get the same.
  const domainId = install.five9DomainId ?? tokens.domainId;
  if (!domainId) {
    await revokeUnkept(region, app, tokens);
    return fail("exchange_failed", "Five9 did not say which domain was authorized");
  }
  if (!install.five9DomainId && (await domainClaimedElsewhere(pending.tenantId, domainId))) {
    await revokeUnkept(region, app, tokens);
    return fail("domain_claimed", `domain ${domainId}`);
  }
  try {
    await verifyGrant(region, domainId, tokens);
  } catch (e) {
    await revokeUnkept(region, app, tokens);
    const message = e instanceof Error ? e.message : "";
    return fail(message.startsWith("Five9 granted Loris too little") ? "missing_scopes" : message.startsWith("You authorized Five9 domain") ? "wrong_domain" : "exchange_failed", message);
  }
  try {
    await db().$transaction(async (tx) => {
      if (!install.five9DomainId) {
        await tx.tenant.update({ where: { id: pending.tenantId }, data: { five9DomainId: domainId } });
        await tx.install.update({ where: { id: install.id }, data: { five9DomainId: domainId } });
      }
      await saveConnection({ tenantId: pending.tenantId, region, domainId, grantType: "authorization_code", clientId: app.clientId, tokens }, tx);
      await advanceInstall(install, "credentials", { grantType: "authorization_code" }, tx);
      if (pending.tenant.status === "needs_reauthorization") await tx.tenant.update({ where: { id: pending.tenantId }, data: { status: "installed" } });
      await recordAudit({ action: "install.authorize", tenantId: pending.tenantId, actor: viewer, target: domainId, details: { method: "authorization_code", scopes: tokens.scopes } }, tx);
    });
  } catch (error) {
    // Another workspace claimed the domain between the check and now.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      await revokeUnkept(region, app, tokens);
      return fail("domain_claimed", `domain ${domainId}`);
    }
    throw error;
  }
  return { ok: true, slug };
}
