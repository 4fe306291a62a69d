// next-auth configuration: email + password for seeded users, and a generic
// OIDC provider for production SSO when OIDC_* variables are set. Sessions are
// signed, encrypted JWT cookies; every request re-reads the user from the
// database (see session.ts), so a deleted user is signed out at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "../env";
import { db } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { authenticateWithPassword } from "./credentials";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export function sessionCookieName(): string {
  return env().AUTH_URL.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

function oidcProvider(): OAuthConfig<{ sub: string; email?: string; name?: string }> | null {
  const e = env();
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return {
    id: "oidc",
    name: e.OIDC_NAME,
    type: "oauth",
    wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile: (profile) => ({ id: profile.sub, email: profile.email ?? "", name: profile.name ?? profile.email ?? "" }),
  };
}

export function authOptions(): NextAuthOptions {
  const oidc = oidcProvider();
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          try {
            return await authenticateWithPassword(credentials);
          } catch (error) {
            // next-auth passes the message to the sign-in page as `error`.
            if (error instanceof AppError) throw new Error(error.userMessage);
            throw error;
          }
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      // SSO only admits people we already know: an admin provisions the user first.
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        const email = user.email?.toLowerCase();
        const known = email ? await db().user.findUnique({ where: { email } }) : null;
        if (!known) {
          await recordAudit({ action: "auth.sign_in", target: email ?? "unknown", outcome: "failure", details: { method: account.provider, reason: "unknown user" } });
          return "/signin?error=AccessDenied";
        }
        await db().account.upsert({
          where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
          create: { provider: account.provider, providerAccountId: account.providerAccountId, userId: known.id },
          update: {},
        });
        await recordAudit({ action: "auth.sign_in", actor: known, target: known.email, details: { method: account.provider } });
        user.id = known.id;
        return true;
      },
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
