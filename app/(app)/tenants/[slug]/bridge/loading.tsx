/** While the bridge's ledger is computed. */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading the bridge…</span>
      {[0, 1, 2].map((i) => <div key={i} aria-hidden className="h-40 animate-pulse rounded-xl border border-slate-200 bg-slate-100" />)}
    </div>
  );
}
