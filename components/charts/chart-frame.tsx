// Shared frame of the SVG charts: a title for screen readers, y-axis ticks,
// day labels along the x-axis, and the same numbers as a hidden table.
import type { ReactNode } from "react";

export const CHART = { width: 640, height: 180, left: 36, bottom: 22, top: 8 } as const;

export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

export interface Series { key: string; label: string; color: string }

/** `empty`: nothing to plot (bars: every count 0; lines: no point at all — a 0 is a point). */
export function ChartFrame({ title, labels, max, series, rows, unit, empty, children }: { title: string; labels: string[]; max: number; series: Series[]; rows: (number | null)[][]; unit?: string; empty: boolean; children: ReactNode }) {
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const ticks = [0, max / 2, max];
  const step = (CHART.width - CHART.left) / Math.max(labels.length, 1);
  const every = Math.ceil(labels.length / 8);
  return (
    <figure className="relative min-w-0">
      <svg role="img" viewBox={`0 0 ${CHART.width} ${CHART.height}`} className="h-auto w-full" aria-label={title}>
        {ticks.map((t) => {
          const y = CHART.top + plotHeight - (t / max) * plotHeight;
          return (
            <g key={t}>
              <line x1={CHART.left} x2={CHART.width} y1={y} y2={y} stroke="#e2e8f0" />
              <text x={CHART.left - 4} y={y + 3} textAnchor="end" fontSize="10" fill="#64748b">{Number.isInteger(t) ? t : t.toFixed(1)}</text>
            </g>
          );
        })}
        {labels.map((l, i) => (i % every === 0 ? <text key={l} x={CHART.left + i * step + step / 2} y={CHART.height - 6} textAnchor="middle" fontSize="10" fill="#64748b">{l.slice(5)}</text> : null))}
        {children}
        {empty ? <text x={(CHART.width + CHART.left) / 2} y={CHART.top + plotHeight / 2} textAnchor="middle" fontSize="13" fill="#64748b">No data in these days yet</text> : null}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-4 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1"><span aria-hidden className="h-2 w-3 rounded-sm" style={{ background: s.color }} />{s.label}</span>
        ))}
        {unit ? <span>{unit}</span> : null}
      </figcaption>
      {/* A table ignores width: 1px, so the visually hidden wrapper is a div. */}
      <div className="sr-only"><table>
        <caption>{title}</caption>
        <thead><tr><th scope="col">Day</th>{series.map((s) => <th key={s.key} scope="col">{s.label}</th>)}</tr></thead>
        <tbody>{labels.map((l, i) => <tr key={l}><th scope="row">{l}</th>{series.map((s, j) => <td key={s.key}>{rows[i]?.[j] ?? "—"}</td>)}</tr>)}</tbody>
      </table></div>
    </figure>
  );
}
