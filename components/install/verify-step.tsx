"use client";
// Step f: run every health check live; the install can be finished once a
// run has completed with no failing check.
import { useState } from "react";
import { finishInstallAction } from "@/lib/actions/install/finish-install";
import { HealthPanel } from "@/components/health/health-panel";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";
import type { HealthRunView } from "@/lib/install/status-views";

const readyToFinish = (run: HealthRunView | null) => Boolean(run?.finishedAt) && !run!.results.some((r) => r.status === "fail");

export function VerifyStep({ slug, initialRun, expectedChecks, installed }: { slug: string; initialRun: HealthRunView | null; expectedChecks: number; installed: boolean }) {
  const [ready, setReady] = useState(readyToFinish(initialRun));
  const finish = useFormAction(finishInstallAction);
  return (
    <div className="space-y-6">
      <HealthPanel slug={slug} initialRun={initialRun} expectedChecks={expectedChecks} onFinished={(run) => setReady(readyToFinish(run))} />
      <form onSubmit={finish.onSubmit} className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
        <input type="hidden" name="slug" value={slug} />
        <Button type="submit" disabled={!ready} pending={finish.pending} pendingLabel="Finishing…">{installed ? "Back to overview" : "Finish install"}</Button>
        <p className="text-sm text-slate-600">{ready ? "Every check passed or only warns." : "Finish becomes available when a run has no failing check."}</p>
      </form>
      <FormMessage state={finish.state} />
    </div>
  );
}
