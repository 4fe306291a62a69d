"use client";
// The recording with the transcript beside it: each line shows its speaker
// and time, clicking a line plays from there, and the line being heard is marked.
import { useRef, useState } from "react";
import { Card } from "@/components/ui/card";
import type { MediaState } from "@/lib/ingestion-status/calls";

interface Segment { speaker: string; startMs: number; endMs: number; text: string }
const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;
const SPEAKER_TONE: Record<string, string> = { agent: "bg-brand-50 text-brand-800", customer: "bg-emerald-50 text-emerald-800" };

/** Why a call's recording or transcript is not there, and what happens next. */
function missingMessage(kind: "recording" | "transcript", state: MediaState): string {
  switch (state) {
    case "pending":
      return `Loris has not fetched this call's ${kind} from Five9 yet; it arrives within minutes.`;
    case "retrying":
      return `Fetching this call's ${kind} from Five9 failed; Loris tries again shortly.`;
    case "failed":
      return `Loris could not fetch this call's ${kind} from Five9; retry it under Dead letters on the Ingestion page.`;
    case "from_export":
      return `The bridge is in legacy mode: this call's ${kind} comes from the FTP/SFTP export once its file is imported and matched (Bridge tab).`;
    case "not_chosen":
      return `${kind === "recording" ? "Recordings are" : "Transcripts are"} not among the data chosen for this workspace (Overview → Edit campaigns and data).`;
    default:
      return kind === "recording" ? "Five9 has no recording of this call (not recorded, or abandoned before an agent answered)." : "Five9 has no transcript of this call.";
  }
}

export function CallPlayer({ recordingUrl, recording, transcript, transcriptInvalid, recordingState, transcriptState }: { recordingUrl: string | null; recording: { bytes: number; durationMs: number | null; sha256: string } | null; transcript: Segment[] | null; transcriptInvalid: boolean; recordingState: MediaState; transcriptState: MediaState }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [positionMs, setPositionMs] = useState(0);
  const playFrom = (ms: number) => {
    if (!audio.current) return;
    audio.current.currentTime = ms / 1000;
    void audio.current.play().catch(() => undefined);
  };
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card id="recording" title="Recording">
        {recordingUrl && recording ? (
          <div className="space-y-2">
            <audio ref={audio} controls preload="metadata" src={recordingUrl} className="w-full" onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}>
              Your browser cannot play WAV audio.
            </audio>
            <p className="text-xs text-slate-500">{recording.durationMs ? `${clock(recording.durationMs)} · ` : ""}{(recording.bytes / 1_048_576).toFixed(1)} MB · sha256 {recording.sha256.slice(0, 12)}…</p>
          </div>
        ) : (
          <p className="text-sm text-slate-600">{missingMessage("recording", recordingState)}</p>
        )}
      </Card>
      <Card id="transcript" title="Transcript">
        {transcriptInvalid ? <p role="alert" className="text-sm text-red-700">The stored transcript could not be read.</p> : null}
        {!transcript || transcript.length === 0 ? (
          <p className="text-sm text-slate-600">{missingMessage("transcript", transcriptState)}</p>
        ) : (
          <ol className="max-h-[28rem] space-y-2 overflow-y-auto pr-2" aria-label="Transcript lines">
            {transcript.map((s, i) => {
              const current = positionMs >= s.startMs && positionMs < s.endMs;
              return (
                <li key={i}>
                  <button type="button" onClick={() => playFrom(s.startMs)} disabled={!recordingUrl} aria-current={current ? "true" : undefined} className={`w-full rounded-md px-3 py-2 text-left text-sm ${current ? "ring-2 ring-brand-500" : ""} hover:bg-slate-50 disabled:cursor-default`}>
                    <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-medium capitalize ${SPEAKER_TONE[s.speaker] ?? "bg-slate-100 text-slate-700"}`}>{s.speaker}</span>
                    <span className="mr-2 text-xs text-slate-500">{clock(s.startMs)}</span>
                    {s.text}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </Card>
    </div>
  );
}
