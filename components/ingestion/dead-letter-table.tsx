"use client";
import { useState, useTransition } from "react";
import { retryDeadLetterAction } from "@/lib/actions/ingestion/retry-dead-letter";
import { Button } from "@/components/ui/button";
import type { IngestionStatus } from "@/lib/ingestion-status/ingestion-status";
import { formatTime } from "@/lib/format-time";

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
      setMessage(result.ok ? { ok: true, text: "Retry started as a backfill of that window; the item clears when it is stored." } : { ok: false, text: result.error.message });
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
                <td className="py-2 pr-4"><span className="block text-xs text-slate-500">{d.kind.replaceAll("_", " ")}</span>{d.five9CallId ? `Call ${d.five9CallId}` : d.itemKey}</td>
                <td className="py-2 pr-4">{d.reason}</td>
                <td className="py-2 pr-4">{d.attempts}</td>
                <td className="py-2 pr-4 whitespace-nowrap">{formatTime(d.lastFailedAt)}</td>
                <td className="py-2"><Button variant="secondary" onClick={() => retry(d.id)} pending={pendingId === d.id} pendingLabel="Retrying…" aria-label={`Retry ${d.five9CallId ?? d.itemKey}`}>Retry</Button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
