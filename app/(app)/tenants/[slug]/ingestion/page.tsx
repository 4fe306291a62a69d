import type { Metadata } from "next";
import { IngestionDashboard } from "@/components/ingestion/ingestion-dashboard";
import { StatusBadge } from "@/components/ui/status-badge";
import { TenantTabs } from "@/components/tenant-tabs";
import { pageTenant } from "@/lib/auth/page-guard";
import { ingestionStatus } from "@/lib/ingestion-status/ingestion-status";

export const metadata: Metadata = { title: "Ingestion" };

export default async function IngestionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const status = await ingestionStatus(tenant.id);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{tenant.name}</h1>
        <StatusBadge status={tenant.status} />
      </div>
      <TenantTabs slug={slug} />
      <IngestionDashboard slug={slug} initial={status} />
    </div>
  );
}
