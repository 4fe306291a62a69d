// Legacy files Loris could not tie to exactly one call yet, with the calls
// that fit (ambiguous) — tried again whenever the call log brings calls.
import type { BridgeView } from "@/lib/bridge/ledger/bridge-view";
import { formatTime } from "@/lib/format-time";
import { Card } from "../ui/card";

export function OpenFiles({ slug, view }: { slug: string; view: BridgeView }) {
  return (
    <Card id="open-files" title="Files waiting for a match" description={`Recordings and transcripts from the export: ambiguous ones fit more than one call; unmatched ones fit none yet. Both are matched again when the call log brings more calls.${view.openFilesTotal > view.openFiles.length ? ` Showing ${view.openFiles.length} of ${view.openFilesTotal}.` : ""}`}>
      {view.openFiles.length === 0 ? (
        <p className="text-sm text-slate-600">Every imported file is matched to its call.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {view.openFiles.map((f) => (
            <li key={f.id} className="py-2">
              <p className="break-all font-medium">{f.path}</p>
              <p className="text-slate-600">{f.kind === "transcript" ? "Transcript · " : "Recording · "}{f.matchState === "ambiguous" ? "ambiguous" : "unmatched"}{f.localStart ? ` · starts ${f.localStart} (domain time)` : ""}</p>
              {f.candidates.length ? (
                <ul className="mt-1 list-disc pl-5 text-slate-600" aria-label={`Candidate calls for ${f.path}`}>
                  {f.candidates.map((c) => <li key={c.id}><a className="text-brand-700 underline" href={`/tenants/${slug}/calls/${c.id}`}>Call {c.five9CallId}</a> · {formatTime(c.startedAt)}{c.agentUsername ? ` · ${c.agentUsername}` : ""}</li>)}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
