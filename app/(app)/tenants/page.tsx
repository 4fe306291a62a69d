import Link from "next/link";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { isSupport, tenantsForViewer } from "@/lib/auth/guard";
import { pageViewer } from "@/lib/auth/page-guard";
import { tenantPageParam } from "@/lib/tenants/tenant-page-param";
import { Pager } from "@/components/ui/pager";

export const metadata: Metadata = { title: "Tenants" };

export default async function TenantsPage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const viewer = await pageViewer();
  const page = tenantPageParam((await searchParams).after);
  const { tenants, next } = await tenantsForViewer(viewer, { after: page.after });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{isSupport(viewer) ? "All tenants" : "My tenants"}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {isSupport(viewer) ? "Every customer connected to Loris through Five9." : "The Five9 domains you manage in Loris."}
        </p>
      </div>
      {page.invalid ? <p role="alert" className="text-sm text-red-700">That page link is not valid; showing the first page.</p> : null}
      {tenants.length === 0 ? (
        <EmptyState title="No tenants yet">
          Install Loris from the <Link className="text-brand-600 underline" href="/marketplace">marketplace listing</Link> to connect a Five9 domain.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Tenants">
          {tenants.map((t) => (
            <li key={t.id}>
              <Link href={`/tenants/${t.slug}`} className="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500 hover:shadow">
                <div className="flex items-start justify-between gap-3">
                  <div>
                    <h2 className="font-semibold text-slate-900">{t.name}</h2>
                    <p className="text-sm text-slate-500">{t.slug}</p>
                  </div>
                  <StatusBadge status={t.status} />
                </div>
                <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
                  <dt className="text-slate-500">Region</dt>
                  <dd>{t.region?.toUpperCase() ?? "—"}</dd>
                  <dt className="text-slate-500">Five9 domain</dt>
                  <dd>{t.five9DomainId ?? "—"}</dd>
                </dl>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager label="Tenant pages" firstHref="/tenants" nextHref={next ? `/tenants?after=${encodeURIComponent(next)}` : null} paged={Boolean(page.after)} />
    </div>
  );
}
