import { tenantRoute } from "@/lib/auth/guard";
import { tenantSummary } from "@/lib/tenants/tenant-summary";

export const GET = tenantRoute(async ({ tenant }) => Response.json({ tenant: tenantSummary(tenant) }));
