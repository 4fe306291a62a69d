// The one place that decides who may see and do what. Pages, route handlers
// and server actions all come through here. A customer admin asking for a
// tenant they are not a member of gets "not found" — never the data, and no
// hint that the tenant exists.
import type { Prisma, Tenant } from "@prisma/client";
import type { z } from "zod";
// Next's request-cookie parser (the one behind NextRequest.cookies); not re-exported from next/server.
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { db } from "../db";
import { AppError, errorResponse, toAppError } from "../errors";
import { afterCursor, pageOf } from "../keyset-cursor";
import { logger } from "../log";
import { type CookieReader, type Viewer, viewerFromCookies } from "./session";
import { inPlainWords, zodFields } from "../zod-error";

export type { Viewer } from "./session";

export function isSupport(viewer: Viewer): boolean {
  return viewer.role === "support";
}

export async function requireViewer(cookies: CookieReader): Promise<Viewer> {
  const viewer = await viewerFromCookies(cookies);
  if (!viewer) throw new AppError("unauthenticated");
  return viewer;
}

export function requireSupport(viewer: Viewer): void {
  if (!isSupport(viewer)) throw new AppError("not_found");
}

/** The tenant with this slug, if the viewer may see it; otherwise not_found. */
export async function tenantForViewer(viewer: Viewer, slug: string): Promise<Tenant> {
  const tenant = await db().tenant.findUnique({ where: { slug } });
  if (!tenant || !(isSupport(viewer) || viewer.tenantIds.includes(tenant.id))) throw new AppError("not_found");
  return tenant;
}

export const TENANT_PAGE_SIZE = 50;

/**
 * One page of the tenants the viewer may see, newest first. Keyset-paged
 * (`after` is the previous page's `next`), so support's lists stay one index
 * range scan however many tenants there are.
 */
export async function tenantsForViewer(viewer: Viewer, page: { after?: string; take?: number } = {}): Promise<{ tenants: Tenant[]; next: string | null }> {
  const take = page.take ?? TENANT_PAGE_SIZE;
  const visible: Prisma.TenantWhereInput = isSupport(viewer) ? {} : { id: { in: viewer.tenantIds } };
  const rows = await db().tenant.findMany({
    where: page.after ? { AND: [visible, afterCursor("createdAt", page.after)] } : visible,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const { items, next } = pageOf(rows, take, (t) => t.createdAt);
  return { tenants: items, next };
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * Wraps a route handler under /api/tenants/[slug]/…: resolves the viewer and
 * the tenant once, and turns any error into its JSON response.
 */
export function tenantRoute(
  handler: (args: { request: Request; viewer: Viewer; tenant: Tenant; params: Record<string, string | string[]> }) => Promise<Response>,
  cookiesOf: (request: Request) => CookieReader = cookieReaderOf,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const params = await context.params;
      const viewer = await requireViewer(cookiesOf(request));
      const tenant = await tenantForViewer(viewer, String(params.slug ?? ""));
      return await handler({ request, viewer, tenant, params });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "internal") logger("route").error({ err: error, url: request.url }, "route handler failed");
      return errorResponse(appError);
    }
  };
}

/**
 * Cookies of a plain Request, parsed by Next's own cookie parser (what
 * NextRequest.cookies uses): a pair that does not decode (`x=%E0%A4%A`) is
 * skipped, so a malformed header never turns into a 500.
 */
export function cookieReaderOf(request: Request): CookieReader {
  const jar = new RequestCookies(request.headers);
  return { get: (name) => { const cookie = jar.get(name); return cookie ? { value: cookie.value } : undefined; } };
}

/** The signed-in person of a route handler's request, or null (a handler that must not answer 401 itself, like the OAuth callback). */
export function viewerOfRequest(request: Request): Promise<Viewer | null> {
  return viewerFromCookies(cookieReaderOf(request));
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

/**
 * Builds the body of a tenant-scoped server action: parses the input with zod,
 * checks the viewer may act on the tenant named by `slug`, then runs `handler`.
 * The `"use server"` file passes Next's cookies(); tests pass their own.
 */
export function tenantAction<S extends z.ZodType<{ slug: string }>, T>(
  schema: S,
  handler: (args: { viewer: Viewer; tenant: Tenant; input: z.infer<S> }) => Promise<T>,
) {
  return async (cookies: CookieReader, raw: unknown): Promise<ActionResult<T>> => {
    try {
      const viewer = await requireViewer(cookies);
      const parsed = schema.safeParse(raw, { error: inPlainWords });
      if (!parsed.success) throw new AppError("validation_failed", "Please correct the highlighted fields.", { fields: zodFields(parsed.error) });
      const tenant = await tenantForViewer(viewer, parsed.data.slug);
      return { ok: true, data: await handler({ viewer, tenant, input: parsed.data }) };
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "internal") logger("action").error({ err: error }, "server action failed");
      return { ok: false, error: appError.toJSON().error };
    }
  };
}
