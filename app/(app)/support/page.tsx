import Link from "next/link";
import type { Metadata } from "next";
import { StatusBadge } from "@/components/ui/status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { tenantsForViewer } from "@/lib/auth/guard";
import { pageSupportViewer } from "@/lib/auth/page-guard";
import { supportOverview, type TenantOps } from "@/lib/tenants/support-overview";
import { tenantPageParam } from "@/lib/tenants/tenant-page-param";
import { tenantStatusCounts } from "@/lib/tenants/tenant-status-counts";
import { Pager } from "@/components/ui/pager";
import { formatTime } from "@/lib/format-time";

export const metadata: Metadata = { title: "Support console" };

function HealthCell({ ops }: { ops: TenantOps | undefined }) {
  const h = ops?.health;
  if (!h) return <td className="px-4 py-2 text-slate-500">not run</td>;
  const tone = h.fail ? "text-red-700" : h.warn ? "text-amber-700" : "text-emerald-700";
  return <td className={`px-4 py-2 font-medium ${tone}`}>{h.fail ? `${h.fail} failing` : h.warn ? `${h.warn} warning` : "healthy"}</td>;
}

export default async function SupportPage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const viewer = await pageSupportViewer();
  const page = tenantPageParam((await searchParams).after);
  const [{ tenants, next }, counts] = await Promise.all([tenantsForViewer(viewer, { after: page.after }), tenantStatusCounts()]);
  const ops = await supportOverview(tenants.map((t) => t.id));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Support console</h1>
        <p className="mt-1 text-sm text-slate-600">Every tenant&apos;s state at a glance.</p>
      </div>
      <dl className="grid gap-4 sm:grid-cols-4">
        {(["installed", "pending", "needs_reauthorization", "uninstalled"] as const).map((s) => (
          <div key={s} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500"><StatusBadge status={s} /></dt>
            <dd className="mt-2 text-2xl font-semibold">{counts[s] ?? 0}</dd>
          </div>
        ))}
      </dl>
      {page.invalid ? <p role="alert" className="text-sm text-red-700">That page link is not valid; showing the first page.</p> : null}
      {tenants.length === 0 ? (
        <EmptyState title="No tenants yet">Tenants appear here as customers install Loris.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">All tenants</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Tenant</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">Region</th>
                <th scope="col" className="px-4 py-2 font-medium">Five9 domain</th>
                <th scope="col" className="px-4 py-2 font-medium">Data path</th>
                <th scope="col" className="px-4 py-2 font-medium">Health</th>
                <th scope="col" className="px-4 py-2 font-medium">Call log stored up to</th>
                <th scope="col" className="px-4 py-2 font-medium">Stuck items</th>
                <th scope="col" className="px-4 py-2 font-medium">Ledger gaps (30 days)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tenants.map((t) => (
                <tr key={t.id}>
                  <td className="px-4 py-2"><Link className="font-medium text-brand-700 hover:underline" href={`/tenants/${t.slug}`}>{t.name}</Link></td>
                  <td className="px-4 py-2"><StatusBadge status={t.status} /></td>
                  <td className="px-4 py-2">{t.region?.toUpperCase() ?? "—"}</td>
                  <td className="px-4 py-2">{t.five9DomainId ?? "—"}</td>
                  <td className="px-4 py-2"><Link className="text-brand-700 hover:underline" href={`/tenants/${t.slug}/bridge`}>{ops.get(t.id)?.bridge.line ?? t.bridgeMode}</Link></td>
                  <HealthCell ops={ops.get(t.id)} />
                  <td className="px-4 py-2 whitespace-nowrap">{ops.get(t.id)?.stopped ? <span className="font-medium text-red-700">stopped</span> : formatTime(ops.get(t.id)?.cursor)}</td>
                  <td className="px-4 py-2">{ops.get(t.id)?.deadLetters ? <Link className="text-brand-700 hover:underline" href={`/tenants/${t.slug}/ingestion`}>{ops.get(t.id)!.deadLetters}</Link> : "0"}</td>
                  <td className="px-4 py-2">{ops.get(t.id)?.bridge.gaps ? <Link className="font-medium text-red-700 hover:underline" href={`/tenants/${t.slug}/bridge`}>{ops.get(t.id)!.bridge.gaps}</Link> : "0"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Tenant pages" firstHref="/support" nextHref={next ? `/support?after=${encodeURIComponent(next)}` : null} paged={Boolean(page.after)} />
    </div>
  );
}
