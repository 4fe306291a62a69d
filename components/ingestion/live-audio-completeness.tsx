// Live-audio completeness per local day as a stacked bar chart (its numbers
// are also in the chart's hidden table) with a visible legend that says what
// each part means, and the totals of the 30 days.
import { BarChart } from "@/components/charts/bar-chart";
import { Card } from "@/components/ui/card";
import type { LiveAudioDays } from "@/lib/ingestion-status/live-audio-days";

const SERIES = [
  { key: "complete", label: "Complete", color: "#10b981", meaning: "every leg streamed without a gap" },
  { key: "repaired", label: "Repaired", color: "#1f57d6", meaning: "gaps filled from the call's recording" },
  { key: "gaps", label: "With gaps", color: "#f59e0b", meaning: "some audio missing and not (yet) repaired" },
  { key: "missing", label: "Missing", color: "#dc2626", meaning: "in the call log, never streamed" },
] as const;

export function LiveAudioCompleteness({ liveAudio }: { liveAudio: LiveAudioDays }) {
  const values = liveAudio.days.map((d) => [d.complete, d.repaired, d.gaps, d.missing]);
  const totals = SERIES.map((_, j) => values.reduce((sum, row) => sum + row[j]!, 0));
  return (
    <Card id="live-audio-completeness" title="Live audio per day" description={`Last 30 days in the Five9 domain's time zone (${liveAudio.timeZone}): the calls Loris expected to stream — from the call log, answered by an agent, of a chosen campaign, while the VoiceStream subscription was on.`}>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <BarChart title="Calls per day by live-audio completeness: complete, repaired, with gaps, missing" labels={liveAudio.days.map((d) => d.day)} series={SERIES.map(({ key, label, color }) => ({ key, label, color }))} values={values} stacked />
      <table className="w-full self-start text-sm">
        <caption className="sr-only">Live audio over the last 30 days</caption>
        <thead><tr className="text-left text-xs text-slate-500"><th scope="col" className="font-medium">Part</th><th scope="col" className="font-medium">Meaning</th><th scope="col" className="text-right font-medium">Calls</th></tr></thead>
        <tbody>
          {SERIES.map((s, j) => (
            <tr key={s.key} className="border-t border-slate-100">
              <th scope="row" className="py-1 text-left font-medium"><span aria-hidden className="mr-2 inline-block h-2 w-3 rounded-sm" style={{ background: s.color }} />{s.label}</th>
              <td className="py-1 text-slate-600">{s.meaning}</td>
              <td className="py-1 text-right tabular-nums">{totals[j]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </Card>
  );
}
