"use client";
// The bridge mode and its change controls: choose the next mode (and the
// watermark or drain period), preview the dry run, then confirm exactly what
// was previewed (the mode seen is sent back: a change made meanwhile by
// someone else is refused with what happened).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { confirmBridgeChangeAction } from "@/lib/actions/bridge/change-bridge-mode";
import { previewBridgeChangeAction } from "@/lib/actions/bridge/preview-bridge-change";
import type { ActionResult } from "@/lib/auth/guard";
import type { BridgeView } from "@/lib/bridge/ledger/bridge-view";
import type { ModePreview } from "@/lib/bridge/modes/preview";
import { MODE_LABELS, changeName } from "@/lib/bridge/modes/transitions";
import { formatTime } from "@/lib/format-time";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { inputClass, TextField } from "../ui/field";
import { FormMessage } from "../ui/form-message";

type Mode = keyof typeof MODE_LABELS;
type Preview = ModePreview & { currentMode: Mode };

const toForm = (values: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) form.set(k, v);
  return form;
};

export function ModeCard({ slug, view }: { slug: string; view: BridgeView }) {
  const router = useRouter();
  const [chosen, setTo] = useState<string>((view.next[0] as Mode | undefined) ?? "");
  const [watermark, setWatermark] = useState("");
  const [drainHours, setDrainHours] = useState("72");
  const [preview, setPreview] = useState<ActionResult<Preview> | null>(null);
  const [done, setDone] = useState<ActionResult<{ mode: string; effects: string[] }> | null>(null);
  const [pending, startTransition] = useTransition();
  // After a change the possible next modes change too: a choice no longer offered falls back to the first one that is.
  const to = (view.next.includes(chosen) ? chosen : (view.next[0] ?? "")) as Mode | "";
  const values = () => ({ slug, to, expectedMode: view.mode, watermark: to === "cutover" ? watermark : "", drainHours: to === "api" ? drainHours : "" });
  const errors = preview && !preview.ok ? (preview.error.fields ?? {}) : {};
  const shown = preview?.ok ? preview.data : null;

  const onPreview = (event: React.FormEvent) => {
    event.preventDefault();
    setDone(null);
    startTransition(async () => setPreview(await previewBridgeChangeAction(toForm(values()))));
  };
  const onConfirm = () => {
    if (!shown) return;
    startTransition(async () => {
      const result = await confirmBridgeChangeAction(toForm({ ...values(), expectedMode: shown.currentMode }));
      setDone(result);
      if (result.ok) {
        setPreview(null);
        router.refresh();
      }
    });
  };

  return (
    <Card id="bridge-mode" title="Bridge mode" description="Where recordings come from: the legacy FTP/SFTP export (V1), the Five9 APIs (V2), or both side by side while you compare.">
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div><dt className="text-slate-500">Mode</dt><dd id="bridge-mode-value" className="font-medium">{view.hasLegacyExport ? MODE_LABELS[view.mode as Mode] : "APIs only (no FTP export)"}</dd></div>
        <div><dt className="text-slate-500">Watermark</dt><dd id="bridge-watermark" className="font-medium">{view.watermark ? formatTime(view.watermark) : "—"}</dd></div>
        <div><dt className="text-slate-500">Last change</dt><dd className="font-medium">{view.lastChange ? `${MODE_LABELS[view.lastChange.from as Mode]} → ${MODE_LABELS[view.lastChange.to as Mode]} by ${view.lastChange.by ?? "—"}, ${formatTime(view.lastChange.at)}` : "Never changed"}</dd></div>
        {view.drainUntil ? <div className="sm:col-span-3"><dt className="text-slate-500">FTP import drains until</dt><dd className="font-medium">{formatTime(view.drainUntil)}</dd></div> : null}
      </dl>
      {!view.hasLegacyExport ? (
        <p className="mt-4 text-sm text-slate-600">This workspace has no FTP/SFTP export saved, so Loris reads everything from the Five9 APIs. Save the export in the install wizard&apos;s History access step to bridge from it.</p>
      ) : (
        <form onSubmit={onPreview} className="mt-6 space-y-4" aria-label="Change the bridge mode">
          <div className="grid gap-4 sm:grid-cols-3">
            <div>
              <label htmlFor="bridge-to" className="block text-sm font-medium text-slate-700">Change to</label>
              <select id="bridge-to" name="to" value={to} onChange={(e) => { setTo(e.target.value as Mode); setPreview(null); }} className={inputClass}>
                {view.next.map((m) => <option key={m} value={m}>{MODE_LABELS[m as Mode]} — {changeName(view.mode as Mode, m as Mode)}</option>)}
              </select>
            </div>
            {to === "cutover" ? (
              <TextField id="bridge-watermark-input" name="watermark" type="datetime-local" label="Watermark (UTC)" required value={watermark} onChange={(e) => setWatermark(e.target.value)} error={errors.watermark} hint="Calls from this moment on take the APIs as authoritative; before it the FTP export stays authoritative." />
            ) : null}
            {to === "api" ? (
              <TextField id="bridge-drain" name="drainHours" type="number" min={0} max={720} label="Drain period (hours)" value={drainHours} onChange={(e) => setDrainHours(e.target.value)} error={errors.drainHours} hint="The FTP import keeps taking late files this long, then stops." />
            ) : null}
          </div>
          <Button type="submit" variant="secondary" pending={pending && !shown} pendingLabel="Previewing…">Preview the change</Button>
          {preview && !preview.ok ? <FormMessage state={preview} /> : null}
        </form>
      )}
      {shown ? <PreviewPanel preview={shown} pending={pending} onConfirm={onConfirm} onCancel={() => setPreview(null)} /> : null}
      <div className="mt-3"><FormMessage state={done} success={done?.ok ? `The bridge mode is now ${MODE_LABELS[done.data.mode as Mode]}.` : undefined} /></div>
    </Card>
  );
}

function PreviewPanel({ preview, pending, onConfirm, onCancel }: { preview: Preview; pending: boolean; onConfirm: () => void; onCancel: () => void }) {
  const c = preview.counts;
  return (
    <section aria-labelledby="bridge-preview-heading" id="bridge-preview" className="mt-6 rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id="bridge-preview-heading" className="font-semibold">Preview: {MODE_LABELS[preview.from]} → {MODE_LABELS[preview.to]} ({preview.name})</h3>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">{preview.effects.map((e) => <li key={e}>{e}</li>)}</ul>
      <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {[["Calls", c.calls], ["FTP recordings", c.ftpRecordings], ["API recordings", c.apiRecordings], ["API to fetch", c.apiToFetch], ["FTP kept, not used", c.ftpIgnored], ["API kept, not used", c.apiIgnored], ["Gaps", c.gaps]].map(([label, n]) => (
          <div key={label as string}><dt className="text-slate-500">{label}</dt><dd className="font-medium" data-count={label}>{n}</dd></div>
        ))}
      </dl>
      <div className="mt-3 overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="text-left text-xs text-slate-500">Days the change is decided on{preview.watermark ? `, up to the watermark ${formatTime(preview.watermark)}` : ""}</caption>
          <thead><tr className="text-left text-slate-500"><th scope="col" className="pr-4">Day</th><th scope="col" className="pr-4">Expected</th><th scope="col" className="pr-4">FTP</th><th scope="col" className="pr-4">API</th><th scope="col" className="pr-4">FTP only</th><th scope="col">API only</th></tr></thead>
          <tbody>{preview.days.map((d) => <tr key={d.day} className={preview.disagreeing.some((x) => x.day === d.day) ? "text-red-700" : ""}><th scope="row" className="pr-4 text-left font-normal">{d.day}</th><td className="pr-4">{d.expected}</td><td className="pr-4">{d.ftp}</td><td className="pr-4">{d.api}</td><td className="pr-4">{d.onlyFtp}</td><td>{d.onlyApi}</td></tr>)}</tbody>
        </table>
      </div>
      {preview.refusal ? (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{preview.refusal}</p>
      ) : (
        <div className="mt-4 flex flex-wrap gap-3">
          <Button onClick={onConfirm} pending={pending} pendingLabel="Changing…" variant={preview.name === "rollback" ? "danger" : "primary"}>Confirm {preview.name}</Button>
          <Button variant="secondary" onClick={onCancel} disabled={pending}>Cancel</Button>
        </div>
      )}
    </section>
  );
}
