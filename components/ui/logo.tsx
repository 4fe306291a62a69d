export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <span aria-hidden className="grid h-7 w-7 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">L</span>
      <span>Loris <span className="font-normal text-slate-500">for Five9</span></span>
    </span>
  );
}
