import type { Metadata } from "next";
import { LedgerPanel } from "@/components/bridge/ledger-panel";
import { ModeCard } from "@/components/bridge/mode-card";
import { OpenFiles } from "@/components/bridge/open-files";
import { TenantHeader } from "@/components/tenant-header";
import { pageTenant } from "@/lib/auth/page-guard";
import { bridgeView } from "@/lib/bridge/ledger/bridge-view";

export const metadata: Metadata = { title: "Bridge" };
export const dynamic = "force-dynamic";

/** The V1 → V2 bridge of one workspace (its admins and support): mode and its changes, the completeness ledger, files waiting for a match. */
export default async function BridgePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const view = await bridgeView(tenant.id);
  return (
    <div className="space-y-6">
      <TenantHeader tenant={tenant} />
      <ModeCard slug={slug} view={view} />
      <LedgerPanel slug={slug} view={view} />
      {view.hasLegacyExport ? <OpenFiles slug={slug} view={view} /> : null}
    </div>
  );
}
