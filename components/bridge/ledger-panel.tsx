"use client";
// The completeness ledger: a chart per day (expected against each source and
// the gaps), the same numbers as a table with "Fill the gaps" per day, and a
// CSV download of it.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { BarChart } from "@/components/charts/bar-chart";
import { fillLedgerGapsAction } from "@/lib/actions/bridge/fill-ledger-gaps";
import type { ActionResult } from "@/lib/auth/guard";
import type { BridgeView } from "@/lib/bridge/ledger/bridge-view";
import { Button, buttonClass } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { FormMessage } from "../ui/form-message";

export function LedgerPanel({ slug, view }: { slug: string; view: BridgeView }) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult<{ day: string; calls: number }> | null>(null);
  const [pendingDay, setPendingDay] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const days = [...view.days].reverse();
  const withData = days.filter((d) => d.expected || d.filesMatched || d.filesAmbiguous || d.filesUnmatched);
  const fill = (day: string) => {
    setPendingDay(day);
    startTransition(async () => {
      const form = new FormData();
      form.set("slug", slug);
      form.set("day", day);
      setResult(await fillLedgerGapsAction(form));
      setPendingDay(null);
      router.refresh();
    });
  };
  const t = view.totals;
  return (
    <Card
      id="ledger"
      title="Completeness ledger"
      description={`Per day in the domain's time zone (${view.zone}): calls the call log says to expect, and what each source brought. A gap is a call Five9 recorded that no source has brought a recording of two hours after it ended.`}
      actions={<a className={buttonClass("secondary")} href={`/api/tenants/${slug}/bridge/ledger`} download>Download CSV</a>}
    >
      <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-8" aria-label={`Totals over the last ${view.days.length} days`}>
        {([["Expected", t.expected], ["FTP recordings", t.ftp], ["API recordings", t.api], ["FTP transcripts", t.ftpTranscript], ["API transcripts", t.apiTranscript], ["Live audio", t.live], ["Gaps", t.gaps], ["Files to match", t.filesAmbiguous + t.filesUnmatched]] as const).map(([label, n]) => (
          <div key={label}><dt className="text-slate-500">{label}</dt><dd className="text-lg font-semibold" data-total={label}>{n}</dd></div>
        ))}
      </dl>
      <BarChart
        title="Expected calls, recordings and transcripts per source, per day"
        labels={view.days.map((d) => d.day)}
        series={[{ key: "expected", label: "Expected", color: "#94a3b8" }, { key: "ftp", label: "FTP recording", color: "#f59e0b" }, { key: "api", label: "API recording", color: "#1f57d6" }, { key: "ftpTranscript", label: "FTP transcript", color: "#fcd34d" }, { key: "apiTranscript", label: "API transcript", color: "#93c5fd" }, { key: "gaps", label: "Gaps", color: "#dc2626" }]}
        values={view.days.map((d) => [d.expected, d.ftp, d.api, d.ftpTranscript, d.apiTranscript, d.gaps])}
      />
      <div className="mt-4"><FormMessage state={result} success={result?.ok ? `Filling ${result.data.day}: ${result.data.calls} call${result.data.calls === 1 ? "" : "s"} without a recording will be fetched from the API, and the day's call log is read again.` : undefined} /></div>
      {withData.length === 0 ? (
        <div className="mt-4"><EmptyState title="No calls or legacy files in these days yet">The ledger fills as the call log sync and the FTP import bring data.</EmptyState></div>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" id="ledger-table">
            <caption className="sr-only">Completeness per day</caption>
            <thead>
              <tr className="text-left text-slate-500">
                {["Day", "Expected", "FTP", "API", "FTP transcript", "API transcript", "Live", "Gaps", "Files matched", "Ambiguous", "Unmatched", ""].map((h, i) => <th key={i} scope="col" className="py-2 pr-3 font-medium">{h || <span className="sr-only">Actions</span>}</th>)}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {withData.map((d) => (
                <tr key={d.day} data-day={d.day}>
                  <th scope="row" className="py-2 pr-3 text-left font-medium">{d.day}</th>
                  <td className="pr-3" data-col="expected">{d.expected}</td>
                  <td className="pr-3" data-col="ftp">{d.ftp}</td>
                  <td className="pr-3" data-col="api">{d.api}</td>
                  <td className="pr-3" data-col="ftp-transcript">{d.ftpTranscript}</td>
                  <td className="pr-3" data-col="api-transcript">{d.apiTranscript}</td>
                  <td className="pr-3">{d.live}</td>
                  <td className={`pr-3 ${d.gaps ? "font-semibold text-red-700" : ""}`} data-col="gaps">{d.gaps}</td>
                  <td className="pr-3">{d.filesMatched}</td>
                  <td className="pr-3">{d.filesAmbiguous}</td>
                  <td className="pr-3">{d.filesUnmatched}</td>
                  <td className="py-1">
                    {d.gaps > 0 && view.fillGapsRefusal === null ? (
                      <Button variant="secondary" onClick={() => fill(d.day)} pending={pendingDay === d.day} pendingLabel="Queuing…" aria-label={`Fill the gaps of ${d.day}`}>Fill the gaps</Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.fillGapsRefusal && t.gaps > 0 ? <p className="mt-2 text-xs text-slate-500" data-testid="fill-gaps-note">{view.fillGapsRefusal}</p> : null}
        </div>
      )}
    </Card>
  );
}
