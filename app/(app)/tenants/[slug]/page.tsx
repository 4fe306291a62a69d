import type { Metadata } from "next";
import { StatusBadge } from "@/components/ui/status-badge";
import { AuditTable } from "@/components/audit-table";
import { listTenantAudit } from "@/lib/audit";
import { pageTenant } from "@/lib/auth/page-guard";
import { RenameTenantForm } from "./rename-tenant-form";

export const metadata: Metadata = { title: "Tenant" };

export default async function TenantPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const audit = await listTenantAudit(tenant.id, { take: 20 });
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{tenant.name}</h1>
        <StatusBadge status={tenant.status} />
      </div>
      <section aria-labelledby="connection-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="connection-heading" className="text-lg font-semibold">Connection</h2>
        <dl className="mt-4 grid gap-x-8 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div><dt className="text-slate-500">Tenant</dt><dd className="font-medium">{tenant.slug}</dd></div>
          <div><dt className="text-slate-500">Five9 region</dt><dd className="font-medium">{tenant.region?.toUpperCase() ?? "Not chosen"}</dd></div>
          <div><dt className="text-slate-500">Five9 domain</dt><dd className="font-medium">{tenant.five9DomainId ?? "Not connected"}</dd></div>
          <div><dt className="text-slate-500">Data path</dt><dd className="font-medium">{tenant.bridgeMode}</dd></div>
        </dl>
      </section>
      <section aria-labelledby="settings-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="settings-heading" className="text-lg font-semibold">Settings</h2>
        <div className="mt-4"><RenameTenantForm slug={tenant.slug} name={tenant.name} /></div>
      </section>
      <section aria-labelledby="audit-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="audit-heading" className="text-lg font-semibold">Audit log</h2>
        <AuditTable entries={audit} />
      </section>
    </div>
  );
}
