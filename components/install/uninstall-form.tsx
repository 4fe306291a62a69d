"use client";
// Uninstall: keep or delete the data, confirm by typing the workspace id.
// When deletion was chosen, its progress is followed until the final report.
import { useQuery } from "@tanstack/react-query";
import { uninstallAction } from "@/lib/actions/install/uninstall";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";
import { getJson } from "@/lib/client/get-json";
import type { DeletionView } from "@/lib/install/status-views";
import { describeCounts } from "@/lib/install/deletion-summary";
import { Five9LeftoversList } from "./five9-leftovers";

export function UninstallForm({ slug }: { slug: string }) {
  const { state, pending, onSubmit, errors } = useFormAction(uninstallAction);
  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <fieldset aria-describedby={errors.data ? "data-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">The conversations Loris already holds</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2"><input type="radio" name="data" value="keep" className="mt-1" /> <span><strong>Keep</strong> — reinstalling later continues where it stopped.</span></label>
          <label className="flex items-start gap-2"><input type="radio" name="data" value="delete" className="mt-1" /> <span><strong>Delete</strong> — everything Loris holds for this workspace is deleted; the audit log stays.</span></label>
        </div>
        {errors.data ? <p id="data-error" className="mt-1 text-sm text-red-700">{errors.data}</p> : null}
      </fieldset>
      <TextField id="confirm" name="confirm" label={`Type ${slug} to confirm`} autoComplete="off" error={errors.confirm} />
      <FormMessage state={state} success="Loris was uninstalled. Its access at Five9 was revoked." />
      {state?.ok ? <Five9LeftoversList leftovers={state.data.leftovers} /> : null}
      <Button type="submit" variant="danger" pending={pending} pendingLabel="Uninstalling…">Uninstall Loris</Button>
    </form>
  );
}

export function DeletionProgress({ slug, initial }: { slug: string; initial: DeletionView }) {
  const query = useQuery({
    queryKey: ["deletion", slug],
    queryFn: () => getJson<{ deletion: DeletionView }>(`/api/tenants/${slug}/deletions/latest`).then((r) => r.deletion),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === "done" ? false : 1000),
    staleTime: 0,
  });
  const d = query.data;
  const percent = d.total > 0 ? Math.round((d.done / d.total) * 100) : d.status === "done" ? 100 : 0;
  const report = d.status === "done" ? (d.report as { deleted?: Record<string, number>; total?: number; summary?: string } | null) : null;
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium">Data deletion: {d.status === "done" ? "finished" : d.status === "queued" ? "waiting to start" : "in progress"}</p>
      <div role="progressbar" aria-label="Data deletion" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full max-w-md overflow-hidden rounded-full bg-slate-200">
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-600">{d.done} of {d.total} records deleted</p>
      {report?.deleted ? (
        <p className="text-sm text-slate-700" role="status">Deleted: {report.summary ?? describeCounts(report.deleted)}.</p>
      ) : null}
      {query.isError ? <p role="alert" className="text-sm text-red-700">{query.error.message}</p> : null}
    </div>
  );
}
