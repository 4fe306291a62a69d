import type { Metadata } from "next";
import { IngestionDashboard } from "@/components/ingestion/ingestion-dashboard";
import { TenantHeader } from "@/components/tenant-header";
import { pageTenant } from "@/lib/auth/page-guard";
import { ingestionStatus } from "@/lib/ingestion-status/ingestion-status";

export const metadata: Metadata = { title: "Ingestion" };

export default async function IngestionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const status = await ingestionStatus(tenant.id);
  return (
    <div className="space-y-6">
      <TenantHeader tenant={tenant} />
      <IngestionDashboard slug={slug} initial={status} />
    </div>
  );
}
