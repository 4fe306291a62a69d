import type { HealthResultView } from "@/lib/install/status-views";

const STATUS = {
  pass: { label: "Pass", dot: "bg-emerald-500", text: "text-emerald-800" },
  warn: { label: "Warning", dot: "bg-amber-400", text: "text-amber-800" },
  fail: { label: "Fail", dot: "bg-red-500", text: "text-red-800" },
  skipped: { label: "Skipped", dot: "bg-slate-300", text: "text-slate-500" },
} as const;

/** Each check's status, message and what to do; `pending` placeholders for checks still running. */
export function HealthResultList({ results, pending = 0 }: { results: HealthResultView[]; pending?: number }) {
  return (
    <ul aria-label="Health checks" aria-live="polite" className="divide-y divide-slate-100 rounded-lg border border-slate-200">
      {results.map((r) => {
        const s = STATUS[r.status];
        return (
          <li key={r.checkId} className="flex gap-3 px-4 py-3" data-check={r.checkId}>
            <span aria-hidden className={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${s.dot}`} />
            <div className="min-w-0 text-sm">
              <p><span className="font-medium">{r.title}</span> <span className={`ml-1 text-xs font-semibold uppercase ${s.text}`}>{s.label}</span></p>
              <p className="text-slate-700">{r.message}</p>
              {r.fixHint && r.status !== "pass" && r.status !== "skipped" ? <p className="mt-1 text-slate-600"><span className="font-medium">What to do:</span> {r.fixHint}</p> : null}
            </div>
          </li>
        );
      })}
      {Array.from({ length: pending }, (_, i) => (
        <li key={`pending-${i}`} className="flex items-center gap-3 px-4 py-3 text-sm text-slate-500">
          <span aria-hidden className="h-2.5 w-2.5 animate-pulse rounded-full bg-slate-300" />
          Checking…
        </li>
      ))}
    </ul>
  );
}
