"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { retryDeadLetterAction } from "@/lib/actions/ingestion/retry-dead-letter";
import { Button } from "@/components/ui/button";
import type { IngestionStatus } from "@/lib/ingestion-status/ingestion-status";
import { formatTime } from "@/lib/format-time";

/** What the retry started, and where it shows: the words match what the action did. */
function retryMessage(data: { kind: "media" | "backfill"; alreadyQueued: boolean }): string {
  if (data.alreadyQueued) return "A retry of this item is already under way; nothing more was started.";
  if (data.kind === "media") return "Retry queued: Loris fetches this call's recording and transcript again within a minute. The item clears once they are stored.";
  return "Retry started as a backfill of the part of the call log this item came from: it shows under Backfills above. The item clears once the call is stored.";
}

const KIND_LABEL: Record<string, string> = { media: "recording or transcript", call_log_row: "call log row", call_log_window: "call log window" };

export function DeadLetterTable({ slug, items, onChanged }: { slug: string; items: IngestionStatus["deadLetters"]; onChanged: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  if (items.length === 0) return <p className="text-sm text-slate-600">Nothing is stuck: every item was ingested.</p>;
  const retry = (id: string) =>
    startTransition(async () => {
      setPendingId(id);
      const result = await retryDeadLetterAction(slug, id);
      setPendingId(null);
      setMessage(result.ok ? { ok: true, text: retryMessage(result.data) } : { ok: false, text: result.error.message });
      onChanged();
    });
  return (
    <div className="space-y-3">
      {message ? <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>{message.text}</p> : null}
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Items that could not be ingested</caption>
          <thead className="border-b border-slate-200 text-slate-500">
            <tr><th scope="col" className="py-2 pr-4 font-medium">Item</th><th scope="col" className="py-2 pr-4 font-medium">Reason</th><th scope="col" className="py-2 pr-4 font-medium">Tries</th><th scope="col" className="py-2 pr-4 font-medium">Last failed</th><th scope="col" className="py-2 font-medium"><span className="sr-only">Action</span></th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((d) => (
              <tr key={d.id}>
                <td className="py-2 pr-4">
                  <span className="block text-xs text-slate-500">{KIND_LABEL[d.kind] ?? d.kind.replaceAll("_", " ")}</span>
                  {d.callId ? <Link href={`/tenants/${slug}/calls/${d.callId}`} className="text-brand-700 underline">Call {d.five9CallId}</Link> : d.five9CallId ? `Call ${d.five9CallId}` : d.itemKey}
                </td>
                <td className="py-2 pr-4">{d.reason}</td>
                <td className="py-2 pr-4">{d.attempts === 0 ? "retry queued" : d.attempts}</td>
                <td className="py-2 pr-4 whitespace-nowrap">{formatTime(d.lastFailedAt)}</td>
                <td className="py-2"><Button variant="secondary" onClick={() => retry(d.id)} disabled={pendingId !== null || d.attempts === 0} pending={pendingId === d.id} pendingLabel="Retrying…" aria-label={`Retry ${d.five9CallId ?? d.itemKey}`}>Retry</Button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
