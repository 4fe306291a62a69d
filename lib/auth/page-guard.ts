// Guard helpers for server components: the same decisions as guard.ts, turned
// into Next's redirect (not signed in) and notFound (not allowed / no such tenant).
// The viewer and the tenant are resolved once per request (React.cache): the
// (app) layout, a wizard layout and its page all ask, and share one answer.
import { cache } from "react";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { Tenant } from "@prisma/client";
import { AppError } from "../errors";
import { isSupport, tenantForViewer, type Viewer } from "./guard";
import { viewerFromCookies } from "./session";

/** The signed-in person of this request, or null; read once per render. */
export const currentViewer = cache(async (): Promise<Viewer | null> => viewerFromCookies(await cookies()));

export async function pageViewer(): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect("/signin");
  return viewer;
}

export async function pageSupportViewer(): Promise<Viewer> {
  const viewer = await pageViewer();
  if (!isSupport(viewer)) notFound();
  return viewer;
}

export const pageTenant = cache(async (slug: string): Promise<{ viewer: Viewer; tenant: Tenant }> => {
  const viewer = await pageViewer();
  try {
    return { viewer, tenant: await tenantForViewer(viewer, slug) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});
