const styles: Record<string, string> = {
  installed: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  pending: "bg-amber-50 text-amber-800 ring-amber-600/20",
  needs_reauthorization: "bg-red-50 text-red-800 ring-red-600/20",
  uninstalled: "bg-slate-100 text-slate-700 ring-slate-500/20",
};

const labels: Record<string, string> = {
  installed: "Installed",
  pending: "Not installed yet",
  needs_reauthorization: "Needs re-authorization",
  uninstalled: "Uninstalled",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status] ?? styles.uninstalled}`}>
      {labels[status] ?? status}
    </span>
  );
}
