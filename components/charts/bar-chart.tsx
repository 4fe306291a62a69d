// Bars per day; with several series they stand side by side (e.g. calls,
// with recording, with transcript), so completeness gaps show as steps — or,
// `stacked`, on top of each other (parts of one whole, e.g. live-audio
// completeness: complete, repaired, gaps, missing).
import { CHART, ChartFrame, niceMax, type Series } from "./chart-frame";

export function BarChart({ title, labels, series, values, unit, stacked = false }: { title: string; labels: string[]; series: Series[]; values: number[][]; unit?: string; stacked?: boolean }) {
  const max = niceMax(Math.max(0, ...(stacked ? values.map((row) => row.reduce((a, b) => a + b, 0)) : values.flat())));
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const step = (CHART.width - CHART.left) / Math.max(labels.length, 1);
  const barWidth = Math.max(1, stacked ? step * 0.8 : (step * 0.8) / series.length);
  return (
    <ChartFrame title={title} labels={labels} max={max} series={series} rows={values} unit={unit} empty={values.every((r) => r.every((v) => !v))}>
      {values.map((row, i) => {
        let below = 0;
        return row.map((v, j) => {
          const h = (v / max) * plotHeight;
          const y = CHART.top + plotHeight - h - (stacked ? below : 0);
          if (stacked) below += h;
          const x = CHART.left + i * step + step * 0.1 + (stacked ? 0 : j * barWidth);
          return <rect key={`${i}-${j}`} x={x} y={y} width={barWidth} height={h} fill={series[j]!.color}><title>{`${labels[i]}: ${v} ${series[j]!.label.toLowerCase()}`}</title></rect>;
        });
      })}
    </ChartFrame>
  );
}
