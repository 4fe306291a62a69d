"use client";
// The live view: calls in progress with their legs (state, level meter,
// time to first audio, Listen), their CTI events in order, and the calls that
// just ended with a link into Calls. Fed by one EventSource (use-live-stream).
import Link from "next/link";
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatTime } from "@/lib/format-time";
import { liveLegState } from "@/lib/live/leg-state";
import type { LiveViewLevels, LiveViewSnapshot } from "@/lib/live/live-sse";
import { LevelMeter } from "./level-meter";
import { ListenButton } from "./listen-button";
import { useLiveStream } from "./use-live-stream";

type Call = LiveViewSnapshot["calls"][number];
type Leg = Call["legs"][number];

const LEG_LABEL: Record<string, string> = { agent: "Agent", customer: "Customer", supervisor: "Supervisor" };
const STATE_LABEL: Record<string, string> = { streaming: "Streaming", hold: "On hold", paused: "Paused by Loris", reconnecting: "Reconnecting", ended: "Ended", waiting: "Waiting for audio" };
const STATE_STYLE: Record<string, string> = {
  streaming: "bg-emerald-50 text-emerald-800 ring-emerald-600/20", hold: "bg-amber-50 text-amber-800 ring-amber-600/20", paused: "bg-amber-50 text-amber-800 ring-amber-600/20",
  reconnecting: "bg-sky-50 text-sky-800 ring-sky-600/20", ended: "bg-slate-100 text-slate-700 ring-slate-500/20", waiting: "bg-slate-100 text-slate-700 ring-slate-500/20",
};
const EVENT_LABEL: Record<string, string> = { CALL_STARTED: "Call started", AGENT_CONNECTED: "Agent connected", CALL_HOLD: "On hold", CALL_RESUME: "Resumed", CALL_TRANSFERRED: "Transferred", CALL_ENDED: "Call ended" };

function elapsed(fromIso: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function LegRow({ slug, call, leg, levels }: { slug: string; call: Call; leg: Leg; levels: LiveViewLevels }) {
  const live = levels[leg.streamSessionId];
  const state = liveLegState(leg.state, live?.state);
  const name = `${LEG_LABEL[leg.leg] ?? leg.leg} leg of call ${call.five9CallId}`;
  return (
    <tr className="border-t border-slate-100" data-leg={leg.leg}>
      <th scope="row" className="py-2 pr-4 text-left font-medium">{LEG_LABEL[leg.leg] ?? leg.leg}</th>
      <td className="py-2 pr-4"><span data-testid="leg-state" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_STYLE[state] ?? STATE_STYLE.waiting}`}>{STATE_LABEL[state] ?? state}</span></td>
      <td className="py-2 pr-4"><LevelMeter label={`Level, ${name}`} level={live?.level ?? 0} active={state === "streaming"} /></td>
      <td className="py-2 pr-4 tabular-nums">{leg.timeToFirstAudioMs === null ? "—" : `${leg.timeToFirstAudioMs} ms`}</td>
      <td className="py-2 pr-4 tabular-nums">{(leg.bytes / 16000).toFixed(0)} s{leg.gapCount ? ` · ${leg.gapCount} gap${leg.gapCount === 1 ? "" : "s"}` : ""}</td>
      <td className="py-2">{state === "ended" ? "—" : <ListenButton url={`/api/tenants/${slug}/live/calls/${call.id}/${leg.leg}/audio`} label={name} />}</td>
    </tr>
  );
}

function LiveCallCard({ slug, call, levels, now }: { slug: string; call: Call; levels: LiveViewLevels; now: number }) {
  return (
    <article aria-labelledby={`call-${call.id}`} data-five9-call-id={call.five9CallId} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`call-${call.id}`} className="text-base font-semibold">Call {call.five9CallId}</h3>
        <p className="text-sm text-slate-600">
          {[call.campaign, call.agent, call.ani ? `from ${call.ani}` : null].filter(Boolean).join(" · ")} · started {formatTime(call.startedAt, { seconds: true })} · <span className="tabular-nums">{elapsed(call.startedAt, now)}</span>
        </p>
      </div>
      <div className="mt-3 grid gap-5 lg:grid-cols-[2fr_1fr]">
        <div className="overflow-x-auto">
          {call.legs.length === 0 ? <p className="text-sm text-slate-600">Call events arrived; no audio stream yet.</p> : (
            <table className="w-full min-w-[36rem] text-sm">
              <caption className="sr-only">Legs of call {call.five9CallId}</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr><th scope="col" className="pb-1 pr-4">Leg</th><th scope="col" className="pb-1 pr-4">State</th><th scope="col" className="pb-1 pr-4">Level</th><th scope="col" className="pb-1 pr-4">First audio after</th><th scope="col" className="pb-1 pr-4">Audio</th><th scope="col" className="pb-1">Listen</th></tr>
              </thead>
              <tbody>{call.legs.map((leg) => <LegRow key={leg.leg} slug={slug} call={call} leg={leg} levels={levels} />)}</tbody>
            </table>
          )}
        </div>
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Events</h4>
          {call.events.length === 0 ? <p className="mt-1 text-sm text-slate-600">No call events yet.</p> : (
            <ol aria-label={`Events of call ${call.five9CallId}`} className="mt-1 space-y-1 border-l border-slate-200 pl-3 text-sm">
              {call.events.map((e) => <li key={e.id}><span className="font-medium">{EVENT_LABEL[e.eventType] ?? e.eventType}</span> <span className="text-slate-500">{formatTime(e.occurredAt, { seconds: true })}</span></li>)}
            </ol>
          )}
        </div>
      </div>
    </article>
  );
}

export function LiveCallView({ slug, liveAudioChosen }: { slug: string; liveAudioChosen: boolean }) {
  const { snapshot, levels, connection, problem, retry } = useLiveStream(slug);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  return (
    <div className="space-y-6">
      {connection === "reconnecting" && <p role="status" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">Reconnecting to live updates… showing the last known state.</p>}
      {connection === "error" && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Live updates stopped: the server refused or could not be reached (signed out?).
          <button type="button" onClick={retry} className="rounded-md border border-red-300 bg-white px-2 py-1 font-medium hover:bg-red-50">Try again</button>
        </div>
      )}
      {problem && <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">{problem}</p>}
      <Card id="live-calls" title="Calls in progress" description="Live from Five9 VoiceStream: each leg's state and level, its time to first audio, and the call's events. Listen plays a leg as it arrives.">
        {!snapshot ? (
          <p role="status" className="text-sm text-slate-600">{connection === "error" ? "Could not load live calls." : "Connecting to live calls…"}</p>
        ) : snapshot.calls.length === 0 ? (
          <EmptyState title="No call in progress">
            {liveAudioChosen
              ? "Calls appear here as soon as Five9 starts streaming them (in the campaigns chosen for this workspace)."
              : "Live audio is not among the data this workspace takes, so no call will show here. An admin can choose it in the install wizard."}
          </EmptyState>
        ) : (
          <div className="space-y-4" aria-live="polite">{snapshot.calls.map((c) => <LiveCallCard key={c.id} slug={slug} call={c} levels={levels} now={now} />)}</div>
        )}
      </Card>
      {snapshot && snapshot.ended.length > 0 && (
        <Card id="ended-calls" title="Just ended" description="Calls that ended in the last 15 minutes; open one in Calls for its recording and live audio.">
          <ul className="divide-y divide-slate-100 text-sm">
            {snapshot.ended.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/tenants/${slug}/calls/${c.id}`} className="font-medium text-brand-700 hover:underline">Call {c.five9CallId}</Link>
                <span className="text-slate-600">{[c.campaign, c.agent].filter(Boolean).join(" · ")} · ended {formatTime(c.endedAt, { seconds: true })}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
