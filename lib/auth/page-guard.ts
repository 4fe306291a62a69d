// Guard helpers for server components: the same decisions as guard.ts, turned
// into Next's redirect (not signed in) and notFound (not allowed / no such tenant).
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { Tenant } from "@prisma/client";
import { AppError } from "../errors";
import { isSupport, tenantForViewer, type Viewer } from "./guard";
import { viewerFromCookies } from "./session";

export async function pageViewer(): Promise<Viewer> {
  const viewer = await viewerFromCookies(await cookies());
  if (!viewer) redirect("/signin");
  return viewer;
}

export async function pageSupportViewer(): Promise<Viewer> {
  const viewer = await pageViewer();
  if (!isSupport(viewer)) notFound();
  return viewer;
}

export async function pageTenant(slug: string): Promise<{ viewer: Viewer; tenant: Tenant }> {
  const viewer = await pageViewer();
  try {
    return { viewer, tenant: await tenantForViewer(viewer, slug) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
