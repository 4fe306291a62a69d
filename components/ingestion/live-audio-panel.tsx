// The call's live audio as the receiver stored it: a player per leg and for
// the two-channel conversation, with duration, time to first audio, how the
// stream ended and every gap — repaired from the recording or not.
import { Card } from "@/components/ui/card";
import type { LiveAudioLegView } from "@/lib/live-audio/call-live-audio";

const clock = (ms: number) => {
  const tenths = Math.round(ms / 100);
  return `${Math.floor(tenths / 600)}:${String(Math.floor((tenths % 600) / 10)).padStart(2, "0")}.${tenths % 10}`;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const LEG_TITLE: Record<string, string> = { agent: "Agent leg", customer: "Customer leg", supervisor: "Supervisor leg", conversation: "Conversation (agent left, customer right)" };

function LegAudio({ leg }: { leg: LiveAudioLegView }) {
  const id = `live-audio-${leg.leg}`;
  const facts: [string, string][] = [
    ["Duration", clock(leg.durationMs)],
    ...(leg.leg === "conversation" ? [] : ([["Time to first audio", leg.timeToFirstAudioMs === null ? "—" : `${leg.timeToFirstAudioMs} ms`], ["Stream ended", leg.endStatus], ["Segments", String(leg.segments)]] as [string, string][])),
    ["Missing", leg.gapMs === 0 ? "nothing" : `${seconds(leg.gapMs)}${leg.repairedMs > 0 ? `, ${seconds(leg.repairedMs)} repaired from recording` : ""}`],
  ];
  return (
    <section aria-labelledby={`${id}-heading`} id={id} className="space-y-2 border-t border-slate-100 pt-4 first:border-t-0 first:pt-0">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">{LEG_TITLE[leg.leg] ?? leg.leg}</h3>
      <audio controls preload="metadata" src={leg.url} className="w-full" aria-label={`${LEG_TITLE[leg.leg] ?? leg.leg} live audio`}>
        Your browser cannot play WAV audio.
      </audio>
      <dl className="grid gap-2 text-xs sm:grid-cols-2 lg:grid-cols-4">
        {facts.map(([k, v]) => <div key={k}><dt className="text-slate-500">{k}</dt><dd className="font-medium">{v}</dd></div>)}
      </dl>
      {leg.gaps.length > 0 && (
        <ul aria-label={`Gaps in the ${leg.leg} leg`} className="space-y-1 text-xs">
          {leg.gaps.map((g, i) => (
            <li key={i} className="flex flex-wrap items-center gap-2">
              <span className="font-mono">{clock(g.atMs)}–{clock(g.atMs + g.lengthMs)}</span>
              <span className="text-slate-600">{seconds(g.lengthMs)} · {g.reasonLabel}</span>
              <span className={`rounded px-1.5 py-0.5 font-medium ${g.repaired ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`}>{g.repairLabel}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function LiveAudioPanel({ legs, streaming }: { legs: LiveAudioLegView[]; streaming: boolean }) {
  return (
    <Card id="live-audio" title="Live audio" description="What Five9 streamed to Loris while the call happened. Gaps are filled from the call's recording once it arrives; the recording is a mix, so a repaired stretch of one leg may also hold the other party.">
      {legs.length === 0 ? (
        <p className="text-sm text-slate-600">{streaming ? "The call is still streaming; its live audio appears here when it ends." : "This call was not streamed live to Loris."}</p>
      ) : (
        <div className="space-y-4">
          {streaming && <p role="status" className="text-sm text-amber-800">A leg is streaming again; the files below are updated when it ends.</p>}
          {legs.map((leg) => <LegAudio key={leg.leg} leg={leg} />)}
        </div>
      )}
    </Card>
  );
}
