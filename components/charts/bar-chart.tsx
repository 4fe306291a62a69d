// Bars per day; with several series they stand side by side (e.g. calls,
// with recording, with transcript), so completeness gaps show as steps.
import { CHART, ChartFrame, niceMax, type Series } from "./chart-frame";

export function BarChart({ title, labels, series, values, unit }: { title: string; labels: string[]; series: Series[]; values: number[][]; unit?: string }) {
  const max = niceMax(Math.max(0, ...values.flat()));
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const step = (CHART.width - CHART.left) / Math.max(labels.length, 1);
  const barWidth = Math.max(1, (step * 0.8) / series.length);
  return (
    <ChartFrame title={title} labels={labels} max={max} series={series} rows={values} unit={unit} empty={values.every((r) => r.every((v) => !v))}>
      {values.map((row, i) =>
        row.map((v, j) => {
          const h = (v / max) * plotHeight;
          return <rect key={`${i}-${j}`} x={CHART.left + i * step + step * 0.1 + j * barWidth} y={CHART.top + plotHeight - h} width={barWidth} height={h} fill={series[j]!.color}><title>{`${labels[i]}: ${v} ${series[j]!.label.toLowerCase()}`}</title></rect>;
        }),
      )}
    </ChartFrame>
  );
}
