// Health over time: one stacked bar per run (pass / warn / fail), oldest on
// the left, so a trend of failures is seen at a glance. Plain SVG.
import { formatTime } from "@/lib/format-time";

export interface HealthHistoryPoint { id: string; startedAt: string; pass: number; warn: number; fail: number }

const COLORS = { pass: "#10b981", warn: "#fbbf24", fail: "#ef4444" } as const;

export function HealthHistoryChart({ points }: { points: HealthHistoryPoint[] }) {
  if (points.length === 0) return <p className="text-sm text-slate-600">No finished runs yet.</p>;
  const max = Math.max(...points.map((p) => p.pass + p.warn + p.fail), 1);
  const barWidth = 16;
  const gap = 6;
  const height = 80;
  const width = points.length * (barWidth + gap);
  const failing = points.filter((p) => p.fail > 0).length;
  return (
    <figure>
      <svg role="img" aria-labelledby="health-chart-title" viewBox={`0 0 ${width} ${height}`} className="h-24 w-full max-w-xl" preserveAspectRatio="xMinYMax meet">
        <title id="health-chart-title">{`Last ${points.length} health runs: ${failing} with failures`}</title>
        {points.map((p, i) => {
          let y = height;
          return (
            <g key={p.id} transform={`translate(${i * (barWidth + gap)},0)`}>
              <title>{`${formatTime(p.startedAt)}: ${p.pass} pass, ${p.warn} warn, ${p.fail} fail`}</title>
              {(["pass", "warn", "fail"] as const).map((status) => {
                const h = (p[status] / max) * (height - 4);
                y -= h;
                return h > 0 ? <rect key={status} x={0} y={y} width={barWidth} height={h} rx={2} fill={COLORS[status]} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex gap-4 text-xs text-slate-600">
        {(["pass", "warn", "fail"] as const).map((s) => (
          <span key={s} className="inline-flex items-center gap-1"><span aria-hidden className="h-2 w-2 rounded-sm" style={{ background: COLORS[s] }} />{s}</span>
        ))}
        <span>oldest → newest</span>
      </figcaption>
    </figure>
  );
}
