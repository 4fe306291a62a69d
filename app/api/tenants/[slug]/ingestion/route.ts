import { tenantRoute } from "@/lib/auth/guard";
import { ingestionStatus } from "@/lib/ingestion-status/ingestion-status";

export const dynamic = "force-dynamic";

/** Freshness, per-day volume/lag/completeness, runs, dead letters, backfills; the status page polls it. */
export const GET = tenantRoute(async ({ tenant }) => Response.json({ status: await ingestionStatus(tenant.id) }));
