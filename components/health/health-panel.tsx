"use client";
// Runs the health checks on demand (server action) and shows each check's
// result the moment it is written, by polling the run until it has finished.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { runChecksAction } from "@/lib/actions/health/run-checks";
import { Button } from "@/components/ui/button";
import { getJson } from "@/lib/client/get-json";
import type { HealthRunView } from "@/lib/install/status-views";
import { HealthResultList } from "./health-result-list";
import { formatTime } from "@/lib/format-time";

/** `refreshPageOnFinish`: re-render the page when a run finishes, so every card shows what the checks found (the overview). */
export function HealthPanel({ slug, initialRun, expectedChecks, onFinished, refreshPageOnFinish = false }: { slug: string; initialRun: HealthRunView | null; expectedChecks: number; onFinished?: (run: HealthRunView) => void; refreshPageOnFinish?: boolean }) {
  const router = useRouter();
  const [runId, setRunId] = useState(initialRun?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();
  const run = useQuery({
    queryKey: ["health-run", slug, runId],
    queryFn: async () => {
      const { run: fetched } = await getJson<{ run: HealthRunView }>(`/api/tenants/${slug}/health-runs/${runId}`);
      if (fetched.finishedAt) {
        onFinished?.(fetched);
        if (refreshPageOnFinish) router.refresh();
      }
      return fetched;
    },
    initialData: runId === initialRun?.id ? (initialRun ?? undefined) : undefined,
    enabled: Boolean(runId),
    refetchInterval: (q) => (q.state.data?.finishedAt ? false : 1000),
    staleTime: 0,
  });
  const running = Boolean(runId) && !run.data?.finishedAt;
  const start = () =>
    startTransition(async () => {
      setError(null);
      const result = await runChecksAction(slug);
      if (result.ok) setRunId(result.data.runId);
      else setError(result.error.message);
    });
  const results = run.data?.results ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={start} pending={starting || running} pendingLabel={running ? `Running checks… ${results.length}/${expectedChecks}` : "Starting…"}>Run checks</Button>
        {run.data?.finishedAt ? <span className="text-sm text-slate-600">Last run {formatTime(run.data.finishedAt)}</span> : null}
      </div>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {run.isError ? <p role="alert" className="text-sm text-red-700">Could not load the results: {run.error.message}</p> : null}
      {runId ? (
        <HealthResultList results={results} pending={running ? Math.max(expectedChecks - results.length, 0) : 0} />
      ) : (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">No checks have run yet. Run them to see whether every part of the connection works.</p>
      )}
    </div>
  );
}
