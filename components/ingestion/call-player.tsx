"use client";
// The recording with the transcript beside it: each line shows its speaker
// and time, clicking a line plays from there, and the line being heard is marked.
import { useRef, useState } from "react";
import { Card } from "@/components/ui/card";

interface Segment { speaker: string; startMs: number; endMs: number; text: string }
const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}`;
const SPEAKER_TONE: Record<string, string> = { agent: "bg-brand-50 text-brand-800", customer: "bg-emerald-50 text-emerald-800" };

export function CallPlayer({ recordingUrl, recording, transcript, transcriptInvalid, mediaPending, mediaFailed }: { recordingUrl: string | null; recording: { bytes: number; durationMs: number | null; sha256: string } | null; transcript: Segment[] | null; transcriptInvalid: boolean; mediaPending: boolean; mediaFailed: boolean }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [positionMs, setPositionMs] = useState(0);
  const playFrom = (ms: number) => {
    if (!audio.current) return;
    audio.current.currentTime = ms / 1000;
    void audio.current.play().catch(() => undefined);
  };
  const missing = mediaFailed
    ? "Loris could not fetch it from Five9; retry it under Dead letters on the Ingestion page."
    : mediaPending
      ? "Loris has not fetched it from Five9 yet; it arrives within minutes."
      : null;
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
          <p className="text-sm text-slate-600">{missing ? `No recording yet. ${missing}` : "Five9 has no recording of this call (not recorded, or abandoned before an agent answered)."}</p>
        )}
      </Card>
      <Card id="transcript" title="Transcript">
        {transcriptInvalid ? <p role="alert" className="text-sm text-red-700">The stored transcript could not be read.</p> : null}
        {!transcript || transcript.length === 0 ? (
          <p className="text-sm text-slate-600">{missing ? `No transcript yet. ${missing}` : "Five9 has no transcript of this call."}</p>
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
