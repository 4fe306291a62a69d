// What the API and pages show of a tenant. Only fields safe for the browser.
import type { Tenant } from "@prisma/client";

export function tenantSummary(tenant: Tenant) {
  return {
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    region: tenant.region,
    five9DomainId: tenant.five9DomainId,
    bridgeMode: tenant.bridgeMode,
    createdAt: tenant.createdAt.toISOString(),
  };
}
