// Five9 sends the admin back here after the consent page. Every outcome is a
// redirect: on success to the next wizard step (or the overview when this was
// a re-authorization), on failure to a page that says what went wrong.
import { cookieReaderOf, viewerOfRequest } from "@/lib/auth/guard";
import { installCompletedForSlug } from "@/lib/install/saved-setup";
import { env } from "@/lib/env";
import { BINDING_COOKIE, BINDING_COOKIE_PATH, completeFive9Authorization } from "@/lib/install/five9-authorization";

export const dynamic = "force-dynamic";

function redirectTo(path: string): Response {
  const headers = new Headers({ location: new URL(path, env().AUTH_URL).toString(), "cache-control": "no-store" });
  // The binding is single use too: whatever happened, it is spent.
  headers.append("set-cookie", `${BINDING_COOKIE}=; Path=${BINDING_COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`);
  return new Response(null, { status: 303, headers });
}

export async function GET(request: Request) {
  const viewer = await viewerOfRequest(request);
  const result = await completeFive9Authorization(viewer, cookieReaderOf(request).get(BINDING_COOKIE)?.value, new URL(request.url).searchParams);
  if (result.ok) {
    return redirectTo((await installCompletedForSlug(result.slug)) ? `/tenants/${result.slug}?reauthorized=1` : `/tenants/${result.slug}/install/credentials`);
  }
  if (result.slug && viewer) return redirectTo(`/tenants/${result.slug}/install/authorize?error=${result.reason}`);
  return redirectTo(`/authorization-failed?reason=${result.reason}`);
}
