"use client";
// Listen: plays a leg's live audio in the browser. The route streams raw
// LINEAR16 PCM at 8 kHz as it arrives; each chunk becomes an AudioBuffer
// queued right after the previous one on a WebAudio clock (a little ahead, so
// chunks arriving unevenly still play without clicks). Stop, the leg's end or
// leaving the page closes the request.
import { useEffect, useRef, useState } from "react";

const RATE = 8000;
const LEAD_S = 0.25;

type ListenState = { kind: "idle" } | { kind: "starting" } | { kind: "playing"; heardS: number } | { kind: "ended"; heardS: number } | { kind: "error"; message: string };

export function ListenButton({ url, label }: { url: string; label: string }) {
  const [state, setState] = useState<ListenState>({ kind: "idle" });
  const stopRef = useRef<(() => void) | null>(null);

  useEffect(() => () => stopRef.current?.(), []);

  async function start() {
    const abort = new AbortController();
    const context = new AudioContext({ sampleRate: RATE });
    let at = 0;
    let heard = 0;
    let firstAt: number | null = null;
    // Seconds actually played so far: the audio clock since the first chunk started, never more than was received.
    const played = () => (firstAt === null ? 0 : Math.min(heard, Math.max(0, context.currentTime - firstAt)));
    const timer = setInterval(() => setState((s) => (s.kind === "playing" ? { kind: "playing", heardS: played() } : s)), 250);
    const stop = () => {
      abort.abort();
      clearInterval(timer);
      void context.close().catch(() => {});
      stopRef.current = null;
    };
    stopRef.current = stop;
    setState({ kind: "starting" });
    try {
      const res = await fetch(url, { signal: abort.signal, cache: "no-store" });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
      }
      setState({ kind: "playing", heardS: 0 });
      const reader = res.body.getReader();
      let carry: Uint8Array | null = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        let bytes = value;
        if (carry) {
          const joined = new Uint8Array(carry.length + bytes.length);
          joined.set(carry);
          joined.set(bytes, carry.length);
          bytes = joined;
          carry = null;
        }
        if (bytes.length % 2) {
          carry = bytes.slice(-1);
          bytes = bytes.slice(0, -1);
        }
        const samples = bytes.length / 2;
        if (samples === 0) continue;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        const buffer = context.createBuffer(1, samples, RATE);
        const channel = buffer.getChannelData(0);
        for (let i = 0; i < samples; i++) channel[i] = view.getInt16(i * 2, true) / 32768;
        const source = context.createBufferSource();
        source.buffer = buffer;
        source.connect(context.destination);
        at = Math.max(at, context.currentTime + LEAD_S);
        firstAt ??= at;
        source.start(at);
        at += buffer.duration;
        heard += buffer.duration;
      }
      const total = played();
      stop();
      setState({ kind: "ended", heardS: total });
    } catch (error) {
      const aborted = abort.signal.aborted;
      stop();
      setState(aborted ? { kind: "idle" } : { kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  const listening = state.kind === "starting" || state.kind === "playing";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        aria-pressed={listening}
        aria-label={`${listening ? "Stop listening to" : "Listen to"} ${label}`}
        onClick={() => (listening ? (stopRef.current?.(), setState({ kind: "idle" })) : void start())}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
      >
        {listening ? "Stop" : "Listen"}
      </button>
      <span role="status" className="text-xs text-slate-600" data-played-seconds={"heardS" in state ? state.heardS.toFixed(2) : undefined}>
        {state.kind === "starting" && "Connecting…"}
        {state.kind === "playing" && `Listening · ${state.heardS.toFixed(1)} s played`}
        {state.kind === "ended" && `Leg ended · ${state.heardS.toFixed(1)} s played`}
        {state.kind === "error" && `Cannot listen: ${state.message}`}
      </span>
    </div>
  );
}
