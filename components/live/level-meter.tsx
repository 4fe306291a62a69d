// A leg's audio level (0–100 from the receiver's −60…0 dBFS scale), as a meter screen readers can read.
export function LevelMeter({ label, level, active }: { label: string; level: number; active: boolean }) {
  const value = Math.round(Math.max(0, Math.min(1, level)) * 100);
  return (
    <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={active ? `${value} %` : "silent"} className="h-2.5 w-28 overflow-hidden rounded-full bg-slate-200">
      <div className={`h-full rounded-full transition-[width] duration-200 ${value > 85 ? "bg-amber-500" : "bg-emerald-500"}`} style={{ width: `${active ? value : 0}%` }} />
    </div>
  );
}
