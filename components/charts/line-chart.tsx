// One line per series over the days; days without a value break the line.
import { CHART, ChartFrame, niceMax, type Series } from "./chart-frame";

export function LineChart({ title, labels, series, values, unit }: { title: string; labels: string[]; series: Series[]; values: (number | null)[][]; unit?: string }) {
  const max = niceMax(Math.max(0, ...values.flat().filter((v): v is number => v !== null)));
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const step = (CHART.width - CHART.left) / Math.max(labels.length, 1);
  const point = (i: number, v: number) => `${CHART.left + i * step + step / 2},${CHART.top + plotHeight - (v / max) * plotHeight}`;
  return (
    <ChartFrame title={title} labels={labels} max={max} series={series} rows={values} unit={unit} empty={values.every((r) => r.every((v) => v === null))}>
      {series.map((s, j) => {
        const segments: string[][] = [[]];
        values.forEach((row, i) => {
          const v = row[j];
          if (v === null || v === undefined) segments.push([]);
          else segments.at(-1)!.push(point(i, v));
        });
        return (
          <g key={s.key}>
            {segments.filter((p) => p.length > 0).map((p, k) => <polyline key={k} points={p.join(" ")} fill="none" stroke={s.color} strokeWidth={2} />)}
            {values.map((row, i) => (row[j] === null || row[j] === undefined ? null : <circle key={i} cx={point(i, row[j]!).split(",")[0]} cy={point(i, row[j]!).split(",")[1]} r={2.5} fill={s.color}><title>{`${labels[i]}: ${row[j]} ${unit ?? ""}`}</title></circle>))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
