"use client";
// Start a backfill over a date range, and follow each one: a progress bar
// (parts done / total), calls found, rate and ETA, with pause, resume, cancel.
import { useState, useTransition } from "react";
import { controlBackfillAction } from "@/lib/actions/ingestion/control-backfill";
import { startBackfillAction } from "@/lib/actions/ingestion/start-backfill";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";
import type { BackfillView } from "@/lib/ingestion-status/ingestion-status";
import { formatDay, formatTime } from "@/lib/format-time";

const STATUS_LABEL: Record<string, string> = { queued: "Queued", running: "Running", paused: "Paused", cancelled: "Cancelled", done: "Done", failed: "Failed" };
const COMMANDS: Record<string, ("pause" | "resume" | "cancel")[]> = { queued: ["pause", "cancel"], running: ["pause", "cancel"], paused: ["resume", "cancel"], failed: ["resume", "cancel"] };

function BackfillRow({ slug, backfill: b, onChanged }: { slug: string; backfill: BackfillView; onChanged: () => void }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const percent = b.totalParts ? Math.round((b.doneParts / b.totalParts) * 100) : 0;
  const label = `Backfill ${formatDay(b.from)} to ${formatDay(new Date(b.to).getTime() - 1)}`;
  const run = (command: "pause" | "resume" | "cancel") =>
    startTransition(async () => {
      const result = await controlBackfillAction(slug, b.id, command);
      setError(result.ok ? null : result.error.message);
      onChanged();
    });
  return (
    <li className="space-y-2 py-4" aria-label={label}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <p className="font-medium">{label}</p>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700" data-testid="backfill-status">{STATUS_LABEL[b.status] ?? b.status}</span>
        <div className="ml-auto flex gap-2">
          {(COMMANDS[b.status] ?? []).map((c) => (
            <Button key={c} variant={c === "cancel" ? "secondary" : "secondary"} onClick={() => run(c)} disabled={pending}>{c[0]!.toUpperCase() + c.slice(1)}</Button>
          ))}
        </div>
      </div>
      <div role="progressbar" aria-label={`${label} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
        <div className={`h-full transition-all ${b.status === "failed" ? "bg-red-500" : b.status === "done" ? "bg-emerald-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-600">
        {b.doneParts} of {b.totalParts} days · {b.callsFound.toLocaleString("en-US")} calls found{b.deadLetters ? ` · ${b.deadLetters} dead letters` : ""}
        {b.partsPerMinute !== null ? ` · ${b.partsPerMinute} days/min` : ""}
        {b.etaAt ? ` · done about ${formatTime(b.etaAt)}` : ""}
        {b.finishedAt && b.status === "done" ? ` · finished ${formatTime(b.finishedAt)}` : ""}
        {b.requestedBy ? ` · by ${b.requestedBy}` : ""}
      </p>
      {b.error ? <p className="text-sm text-red-700">{b.error}</p> : null}
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </li>
  );
}

export function BackfillPanel({ slug, backfills, onChanged }: { slug: string; backfills: BackfillView[]; onChanged: () => void }) {
  const start = useFormAction(async (form: FormData) => {
    const result = await startBackfillAction(form);
    if (result.ok) onChanged();
    return result;
  });
  return (
    <Card id="backfills" title="Backfills" description="Read past months of the call log again. Parts already stored are never read twice, and a worker restart continues where it stopped.">
      <form onSubmit={start.onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <TextField id="backfill-from" name="from" type="date" label="First day" error={start.errors.from} />
        <TextField id="backfill-to" name="to" type="date" label="Last day" error={start.errors.to} />
        <Button type="submit" pending={start.pending} pendingLabel="Starting…">Start backfill</Button>
      </form>
      <div className="mt-2"><FormMessage state={start.state} success="Backfill started." /></div>
      {backfills.length === 0 ? <p className="mt-4 text-sm text-slate-600">No backfills yet.</p> : <ul className="mt-2 divide-y divide-slate-100">{backfills.map((b) => <BackfillRow key={b.id} slug={slug} backfill={b} onChanged={onChanged} />)}</ul>}
    </Card>
  );
}
