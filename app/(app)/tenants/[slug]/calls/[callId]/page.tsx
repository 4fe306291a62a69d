import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallPlayer } from "@/components/ingestion/call-player";
import { LiveAudioPanel } from "@/components/ingestion/live-audio-panel";
import { Card } from "@/components/ui/card";
import { pageTenant } from "@/lib/auth/page-guard";
import { callDetail } from "@/lib/ingestion-status/calls";
import { callLiveAudio } from "@/lib/live-audio/call-live-audio";
import { formatTime } from "@/lib/format-time";

export const metadata: Metadata = { title: "Call" };

const SOURCE_LABEL: Record<string, string> = { api: "Five9 API", ftp: "FTP/SFTP export", stream: "live stream" };
const label = (source: string) => SOURCE_LABEL[source] ?? source;

export default async function CallPage({ params }: { params: Promise<{ slug: string; callId: string }> }) {
  const { slug, callId } = await params;
  const { tenant } = await pageTenant(slug);
  const call = await callDetail(tenant.id, callId);
  if (!call) notFound();
  const live = await callLiveAudio(tenant.id, call.id, slug);
  const facts: [string, string | null][] = [
    ["Started", formatTime(call.startedAt, { seconds: true })], ["Campaign", call.campaign], ["Agent", call.agent], ["Type", call.callType],
    ["Skill", call.skill], ["Disposition", call.disposition], ["ANI", call.ani], ["DNIS", call.dnis],
    // Which source's recording is played (lib/bridge/source-precedence.ts), and the others kept beside it.
    ["Recording from", call.recording ? [label(call.recording.source), ...call.recordingSources.slice(1).map((s) => `also ${label(s)}`)].join(", ") : null],
    // The same rule for the transcript shown below.
    ["Transcript from", call.transcriptSources.length ? [label(call.transcriptSources[0]!), ...call.transcriptSources.slice(1).map((s) => `also ${label(s)}`)].join(", ") : null],
  ];
  const filled = Object.entries((call.provenance ?? {}) as Record<string, string>);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-500"><Link href={`/tenants/${slug}/calls`} className="hover:underline">{tenant.name} · Calls</Link> / {call.five9CallId}</p>
      <h1 className="text-2xl font-semibold tracking-tight">Call {call.five9CallId}</h1>
      <Card id="call-facts" title="Call">
        <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          {facts.map(([k, v]) => <div key={k}><dt className="text-slate-500">{k}</dt><dd className="font-medium">{v ?? "—"}</dd></div>)}
        </dl>
        {filled.length > 0 && <p id="call-provenance" className="mt-3 text-xs text-slate-500">Filled from other sources: {filled.map(([field, source]) => `${field} (${label(source)})`).join(", ")}</p>}
      </Card>
      <CallPlayer
        recordingUrl={call.recording ? `/api/tenants/${slug}/calls/${call.id}/recording` : null}
        recording={call.recording}
        transcript={call.transcript}
        transcriptInvalid={call.transcriptInvalid}
        recordingState={call.recordingState}
        transcriptState={call.transcriptState}
      />
      {live && <LiveAudioPanel legs={live.legs} streaming={live.streaming} />}
    </div>
  );
}
