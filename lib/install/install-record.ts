// Reading and moving the tenant's Install row. Every wizard action goes
// through here so the rules (who may act, which step comes next) live once.
import type { Install, InstallStep, Prisma, Tenant } from "@prisma/client";
import { db } from "../db";
import { AppError } from "../errors";
import { isSupport, type Viewer } from "../auth/guard";
import { furthest } from "./steps";

export function requireInstaller(viewer: Viewer): void {
  if (isSupport(viewer)) throw new AppError("forbidden", "Only the workspace's own admins can change its Five9 connection.");
}

export async function installOf(tenantId: string, client: Prisma.TransactionClient = db()): Promise<Install | null> {
  return client.install.findUnique({ where: { tenantId } });
}

/** The install in progress (or finished); actions past the first step need one. */
export async function requireInstall(tenant: Tenant, client: Prisma.TransactionClient = db()): Promise<Install & { region: string; five9DomainId: string }> {
  const install = await installOf(tenant.id, client);
  if (!install?.region) throw new AppError("conflict", "Start with the first step: choose your Five9 region.");
  if (!install.five9DomainId) throw new AppError("conflict", "Authorize Loris with Five9 first (the Authorize step).");
  return install as Install & { region: string; five9DomainId: string };
}

/** The install past its first step: the region is chosen; the domain may still come from the authorization. */
export async function requireRegion(tenant: Tenant, client: Prisma.TransactionClient = db()): Promise<Install & { region: string }> {
  const install = await installOf(tenant.id, client);
  if (!install?.region) throw new AppError("conflict", "Start with the first step: choose your Five9 region.");
  return install as Install & { region: string };
}

/** Records a step's completion: the furthest step moves forward to `next`. */
export async function advanceInstall(install: Install, next: InstallStep, data: Prisma.InstallUpdateInput = {}, client: Prisma.TransactionClient = db()): Promise<Install> {
  return client.install.update({ where: { id: install.id }, data: { ...data, step: install.completedAt ? install.step : furthest(install.step, next) } });
}
