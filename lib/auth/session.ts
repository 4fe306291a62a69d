// Reads the signed-in person from the session cookie. The cookie is an
// encrypted JWT: a forged, tampered or expired one decodes to nothing, and the
// user is re-read from the database on every request.
import { decode } from "next-auth/jwt";
import { env } from "../env";
import { db } from "../db";
import { sessionCookieName } from "./options";

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: "customer_admin" | "support";
  /** Ids of the tenants this person is a member of (support may see all tenants regardless). */
  tenantIds: string[];
}

/** Anything that can hand out cookies by name: Next's cookies(), NextRequest.cookies, or a test double. */
export interface CookieReader {
  get(name: string): { value: string } | undefined;
}

export async function viewerFromCookies(cookies: CookieReader): Promise<Viewer | null> {
  const raw = cookies.get(sessionCookieName())?.value;
  if (!raw) return null;
  let userId: string | undefined;
  try {
    const token = await decode({ token: raw, secret: env().AUTH_SECRET });
    userId = typeof token?.sub === "string" ? token.sub : undefined;
  } catch {
    return null;
  }
  if (!userId) return null;
  const user = await db().user.findUnique({ where: { id: userId }, include: { memberships: { select: { tenantId: true } } } });
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, tenantIds: user.memberships.map((m) => m.tenantId) };
}
