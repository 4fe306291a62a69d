"use client";
// The ingestion status page: refreshes by itself (every few seconds while a
// backfill runs), with freshness, charts of volume, lag and completeness,
// backfills, dead letters and recent runs.
import { useQuery } from "@tanstack/react-query";
import { BarChart } from "@/components/charts/bar-chart";
import { LineChart } from "@/components/charts/line-chart";
import { Card } from "@/components/ui/card";
import { getJson } from "@/lib/client/get-json";
import type { IngestionStatus } from "@/lib/ingestion-status/ingestion-status";
import { BackfillPanel } from "./backfill-panel";
import { DeadLetterTable } from "./dead-letter-table";
import { FreshnessCards } from "./freshness-cards";
import { LiveAudioCompleteness } from "./live-audio-completeness";
import { RunsTable } from "./runs-table";

export function IngestionDashboard({ slug, initial }: { slug: string; initial: IngestionStatus }) {
  const query = useQuery({
    queryKey: ["ingestion", slug],
    queryFn: () => getJson<{ status: IngestionStatus }>(`/api/tenants/${slug}/ingestion`).then((r) => r.status),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.backfills.some((b) => b.status === "running" || b.status === "queued") ? 2000 : 15_000),
  });
  const status = query.data;
  const labels = status.days.map((d) => d.day);
  return (
    <div className="space-y-6">
      {query.isError ? <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">Could not refresh: {query.error.message}. Showing the last known state.</p> : null}
      <FreshnessCards status={status} />
      <Card id="volume" title="Calls per day" description={`Last 30 days in the Five9 domain's time zone (${status.daysTimeZone}), by when the call started.`}>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <BarChart
            title="Calls per day, with recording and with transcript"
            labels={labels}
            series={[{ key: "calls", label: "Calls", color: "#1f57d6" }, { key: "rec", label: "With recording", color: "#10b981" }, { key: "tr", label: "With transcript", color: "#f59e0b" }]}
            values={status.days.map((d) => [d.calls, d.withRecording, d.withTranscript])}
          />
          <LineChart title="Median lag from call end to stored, in minutes (calls that ended since the install; history read later is left out)" labels={labels} series={[{ key: "lag", label: "Median lag", color: "#7c3aed" }]} values={status.days.map((d) => [d.lagMinutes])} unit="minutes" />
        </div>
      </Card>
      {status.liveAudio ? <LiveAudioCompleteness liveAudio={status.liveAudio} /> : null}
      <BackfillPanel slug={slug} backfills={status.backfills} onChanged={() => void query.refetch()} />
      <Card id="dead-letters" title="Dead letters" description="Items that kept failing, with what Five9 answered. Retry reads them again: a recording or transcript on the next media run, a call log item as a backfill of its window (under Backfills).">
        <DeadLetterTable slug={slug} items={status.deadLetters} onChanged={() => void query.refetch()} />
      </Card>
      <Card id="runs" title="Recent runs" description="Call log syncs, backfills, and recording and transcript runs, newest first.">
        <RunsTable runs={status.runs} />
      </Card>
    </div>
  );
}
