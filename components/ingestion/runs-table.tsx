import type { IngestionStatus } from "@/lib/ingestion-status/ingestion-status";
import { formatTime } from "@/lib/format-time";

const KIND_LABEL: Record<string, string> = { call_log: "Call log", backfill: "Backfill", media: "Recordings and transcripts" };

const OUTCOME_TONE: Record<string, string> = { ok: "text-emerald-700", running: "text-brand-700", failed: "text-red-700", stopped: "text-red-700" };

export function RunsTable({ runs }: { runs: IngestionStatus["runs"] }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No runs yet. The call log sync runs every few minutes once Loris is installed.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Recent ingestion runs, newest first</caption>
        <thead className="border-b border-slate-200 text-slate-500">
          <tr><th scope="col" className="py-2 pr-4 font-medium">Started</th><th scope="col" className="py-2 pr-4 font-medium">Kind</th><th scope="col" className="py-2 pr-4 font-medium">Window</th><th scope="col" className="py-2 pr-4 font-medium">Outcome</th><th scope="col" className="py-2 pr-4 font-medium">Counts</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((r) => (
            <tr key={r.id}>
              <td className="py-2 pr-4 whitespace-nowrap">{formatTime(r.startedAt, { seconds: true })}</td>
              <td className="py-2 pr-4">{KIND_LABEL[r.kind] ?? r.kind}</td>
              <td className="py-2 pr-4 whitespace-nowrap text-slate-600">{formatTime(r.windowFrom)} → {formatTime(r.windowTo)}</td>
              <td className={`py-2 pr-4 ${OUTCOME_TONE[r.outcome] ?? ""}`}>{r.outcome}{r.error ? <span className="block text-xs text-slate-600">{r.error}</span> : null}</td>
              <td className="py-2 pr-4 text-xs text-slate-600">{Object.entries((r.counts ?? {}) as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number" && e[1] > 0).map(([k, v]) => `${k} ${v}`).join(" · ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
