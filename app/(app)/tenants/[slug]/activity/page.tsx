import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { TenantHeader } from "@/components/tenant-header";
import { buttonClass } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-select";
import { Pager } from "@/components/ui/pager";
import { pageTenant } from "@/lib/auth/page-guard";
import { AUDIT_FILTER_LABELS, SYSTEM_ACTOR, auditFilterOptions, listTenantAudit, parseAuditFilters } from "@/lib/audit-query";
import { zodMessage } from "@/lib/zod-error";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const raw = await searchParams;
  const { tenant } = await pageTenant(slug);
  const parsed = parseAuditFilters(raw);
  const filters = parsed.success ? parsed.data : parseAuditFilters({}).data!;
  const [{ entries, next }, options] = await Promise.all([listTenantAudit(tenant.id, filters), auditFilterOptions(tenant.id)]);
  const chosen = new URLSearchParams(Object.entries({ action: filters.action, person: filters.person, outcome: filters.outcome }).filter((e): e is [string, string] => Boolean(e[1])));
  const withChosen = (extra: Record<string, string> = {}) => { const q = new URLSearchParams(chosen); for (const [k, v] of Object.entries(extra)) q.set(k, v); const s = q.toString(); return s ? `?${s}` : ""; };
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);
  return (
    <div className="space-y-6">
      <TenantHeader tenant={tenant} />
      <form method="get" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter activity">
        <FilterSelect id="a-action" label="Action" name="action" value={one(raw.action)} options={options.actions.map((a) => ({ value: a, label: a }))} />
        <FilterSelect id="a-person" label="Person" name="person" value={one(raw.person)} options={[...options.people.map((p) => ({ value: p, label: p })), { value: SYSTEM_ACTOR, label: "System (no person)" }]} />
        <FilterSelect id="a-outcome" label="Outcome" name="outcome" value={one(raw.outcome)} options={[{ value: "success", label: "Success" }, { value: "failure", label: "Failure" }]} />
        <div className="flex flex-wrap items-end gap-2">
          <button type="submit" className={buttonClass("primary")}>Filter</button>
          <Link href={`/tenants/${slug}/activity`} className={buttonClass("secondary")}>Clear</Link>
          <a href={`/api/tenants/${slug}/audit/csv${withChosen()}`} className={buttonClass("secondary")} download>Download CSV</a>
        </div>
      </form>
      {!parsed.success ? <p role="alert" className="text-sm text-red-700">Some filters were not valid, so none were applied: {zodMessage(parsed.error, { labels: AUDIT_FILTER_LABELS, root: "" })}.</p> : null}
      <section aria-labelledby="activity-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="activity-heading" className="text-lg font-semibold">Activity</h2>
        <p className="mt-1 text-sm text-slate-600">Every install step, authorization, credential change, check, backfill and uninstall — and every failed attempt, with why it failed.</p>
        <AuditTable entries={entries} />
      </section>
      <Pager label="Activity pages" firstHref={`/tenants/${slug}/activity${withChosen()}`} nextHref={next ? `/tenants/${slug}/activity${withChosen({ after: next })}` : null} paged={Boolean(filters.after)} />
    </div>
  );
}
