// Test helpers: real session cookies (encrypted JWTs signed with AUTH_SECRET),
// exactly what next-auth sets in the browser.
import { encode } from "next-auth/jwt";
import { env } from "../../lib/env";
import { sessionCookieName } from "../../lib/auth/options";
import type { CookieReader } from "../../lib/auth/session";

export async function sessionToken(userId: string, maxAgeSeconds = 3600, secret = env().AUTH_SECRET): Promise<string> {
  return encode({ token: { sub: userId }, secret, maxAge: maxAgeSeconds });
}

export function cookieJar(value: string | undefined): CookieReader {
  return { get: (name) => (name === sessionCookieName() && value !== undefined ? { value } : undefined) };
}

export async function cookiesFor(userId: string): Promise<CookieReader> {
  return cookieJar(await sessionToken(userId));
}

/** A Request carrying the session cookie, as a browser would send it. */
export async function requestAs(userId: string | null, url: string): Promise<Request> {
  const headers = new Headers();
  if (userId) headers.set("cookie", `${sessionCookieName()}=${await sessionToken(userId)}`);
  return new Request(url, { headers });
}
