"use server";
// Starts "Connect with Five9": the browser gets the binding cookie, then goes
// to Five9's consent page (the URL is returned; the component navigates).
import { cookies } from "next/headers";
import type { ActionResult } from "@/lib/auth/guard";
import { beginFive9Authorization, BINDING_COOKIE, BINDING_COOKIE_PATH, STATE_TTL_MS } from "@/lib/install/five9-authorization";
import { env } from "@/lib/env";

export async function startFive9AuthorizationAction(slug: string): Promise<ActionResult<{ url: string }>> {
  const jar = await cookies();
  const result = await beginFive9Authorization(jar, { slug });
  if (!result.ok) return result;
  jar.set(BINDING_COOKIE, result.data.binding, { httpOnly: true, sameSite: "lax", secure: env().AUTH_URL.startsWith("https:"), path: BINDING_COOKIE_PATH, maxAge: STATE_TTL_MS / 1000 });
  return { ok: true, data: { url: result.data.url } };
}
