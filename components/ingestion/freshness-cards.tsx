import type { IngestionStatus } from "@/lib/ingestion-status/ingestion-status";
import { timeAgo } from "@/lib/time-ago";

/** Freshness at a glance: newest call, how far the call log is stored, last run, totals. */
export function FreshnessCards({ status }: { status: IngestionStatus }) {
  const now = new Date(status.generatedAt).getTime();
  const { freshness, totals } = status;
  const pendingNote = totals.mediaPending > 0 ? `${totals.mediaPending.toLocaleString("en-US")} calls still to fetch` : undefined;
  const complete = (n: number) => (totals.calls ? `${Math.round((n / totals.calls) * 100)} %` : "—");
  const cards: { label: string; value: string; tone: string; note?: string }[] = [
    { label: "Newest call", value: timeAgo(freshness.newestCallAt, now), tone: freshness.newestCallAt ? "" : "text-slate-500" },
    { label: "Call log stored up to", value: timeAgo(freshness.cursor, now), tone: "" },
    { label: "Last successful run", value: timeAgo(freshness.lastSuccessAt, now), tone: freshness.lastError ? "text-amber-700" : "" },
    { label: "Calls stored", value: totals.calls.toLocaleString("en-US"), tone: "" },
    { label: "With recording", value: complete(totals.withRecording), tone: "", note: pendingNote },
    { label: "With transcript", value: complete(totals.withTranscript), tone: "", note: pendingNote },
  ];
  return (
    <div className="space-y-3">
      {freshness.stoppedReason ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"><strong>The call log sync is stopped:</strong> {freshness.stoppedReason}. See the health checks on the overview for what to do.</p>
      ) : freshness.lastError ? (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">The last run failed: {freshness.lastError}. Loris retries automatically.</p>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {cards.map((c) => (
          <div key={c.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-xs text-slate-500">{c.label}</dt>
            <dd className={`mt-1 text-lg font-semibold ${c.tone}`}>{c.value}</dd>
            {c.note ? <dd className="mt-0.5 text-xs text-amber-700">{c.note}</dd> : null}
          </div>
        ))}
      </dl>
    </div>
  );
}
