import type { Metadata } from "next";
import Link from "next/link";
import { TenantHeader } from "@/components/tenant-header";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-select";
import { inputClass } from "@/components/ui/field";
import { pageTenant } from "@/lib/auth/page-guard";
import { CALL_FILTER_LABELS, callFilterOptions, listCalls, parseCallFilters, type MediaState } from "@/lib/ingestion-status/calls";
import { MEDIA_STATE_LABELS } from "@/lib/ingestion-status/media-state-labels";
import { zodMessage } from "@/lib/zod-error";
import { formatTime } from "@/lib/format-time";

export const metadata: Metadata = { title: "Calls" };

const duration = (s: number | null) => (s === null ? "—" : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`);

export default async function CallsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const raw = await searchParams;
  const { tenant } = await pageTenant(slug);
  const parsed = parseCallFilters(raw);
  const filters = parsed.success ? parsed.data : parseCallFilters({}).data!;
  const [{ calls, next }, options] = await Promise.all([listCalls(tenant.id, filters), callFilterOptions(tenant.id)]);
  const query = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ ...raw, ...extra }).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return (
    <div className="space-y-6">
      <TenantHeader tenant={tenant} />
      <form method="get" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-7" aria-label="Filter calls">
        <div><label htmlFor="f-from" className="block text-sm font-medium text-slate-700">From</label><input id="f-from" type="date" name="from" defaultValue={raw.from} className={inputClass} /></div>
        <div><label htmlFor="f-to" className="block text-sm font-medium text-slate-700">To</label><input id="f-to" type="date" name="to" defaultValue={raw.to} className={inputClass} /></div>
        <FilterSelect id="f-campaign" label="Campaign" name="campaign" value={raw.campaign} options={options.campaigns.map((c) => ({ value: c, label: c }))} />
        <FilterSelect id="f-agent" label="Agent" name="agent" value={raw.agent} options={options.agents.map((a) => ({ value: a.username, label: a.name ?? a.username }))} />
        <FilterSelect id="f-recording" label="Recording" name="recording" value={raw.recording} options={[{ value: "yes", label: "Has recording" }, { value: "no", label: "No recording" }]} />
        <FilterSelect id="f-transcript" label="Transcript" name="transcript" value={raw.transcript} options={[{ value: "yes", label: "Has transcript" }, { value: "no", label: "No transcript" }]} />
        <div className="flex items-end gap-2"><button type="submit" className={buttonClass("primary")}>Filter</button><Link href={`/tenants/${slug}/calls`} className={buttonClass("secondary")}>Clear</Link></div>
      </form>
      {!parsed.success ? <p role="alert" className="text-sm text-red-700">Some filters were not valid, so none were applied: {zodMessage(parsed.error, { labels: CALL_FILTER_LABELS, root: "" })}.</p> : null}
      {filters.campaign && !options.campaigns.includes(filters.campaign) ? <p role="status" className="text-sm text-amber-800">No stored call is from a campaign named “{filters.campaign}”. The campaigns with calls are in the Campaign list.</p> : null}
      {calls.length === 0 ? (
        <EmptyState title="No calls match">{filters.from || filters.campaign || filters.agent || filters.recording || filters.transcript ? "Try fewer filters." : "Calls appear here as the call log is ingested."}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Calls, newest first</caption>
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>{["Started", "Call", "Campaign", "Agent", "Duration", "Disposition", "Recording", "Transcript"].map((h) => <th key={h} scope="col" className="px-4 py-2 font-medium">{h}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {calls.map((c) => (
                <tr key={c.id} className="hover:bg-slate-50">
                  <td className="px-4 py-2 whitespace-nowrap">{formatTime(c.startedAt)}</td>
                  <td className="px-4 py-2"><Link href={`/tenants/${slug}/calls/${c.id}`} className="text-brand-700 hover:underline">{c.five9CallId}</Link></td>
                  <td className="px-4 py-2">{c.campaign ?? "—"}</td>
                  <td className="px-4 py-2">{c.agent ?? "—"}</td>
                  <td className="px-4 py-2">{duration(c.durationSeconds)}</td>
                  <td className="px-4 py-2">{c.disposition ?? "—"}</td>
                  <td className="px-4 py-2"><MediaFlag state={c.recordingState} /></td>
                  <td className="px-4 py-2"><MediaFlag state={c.transcriptState} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? <p><Link href={`/tenants/${slug}/calls?${query({ after: next })}`} className={buttonClass("secondary")}>Older calls →</Link></p> : null}
    </div>
  );
}

function MediaFlag({ state }: { state: MediaState }) {
  const flag = MEDIA_STATE_LABELS[state];
  return <span className={flag.tone} title={flag.title}>{flag.label}</span>;
}
