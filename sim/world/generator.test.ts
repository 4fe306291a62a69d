import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WaveFile } from "wavefile";
import { ControllableClock } from "./clock";
import { transcriptFor } from "./transcript";
import { wavByteLength, wavRange } from "./wav";
import { SimWorld } from "./world";

function world(seed: number) {
  const w = new SimWorld(seed, new ControllableClock({ start: Date.parse("2026-11-20T00:00:00Z"), speed: 0 }));
  const d = w.addDomain("Acme");
  w.addCalls(d.id, 500, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-08T00:00:00Z"));
  return { w, d };
}

const sha = (parts: Iterable<Buffer>) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

describe("call generator", () => {
  it("gives identical calls and WAV bytes for one seed, and different ones for another", () => {
    const a = world(42);
    const b = world(42);
    const c = world(43);
    const range = [new Date("2026-11-01T00:00:00Z"), new Date("2026-11-08T00:00:00Z")] as const;
    const callsA = a.w.callsBetween(a.d.id, ...range);
    expect(callsA).toHaveLength(500);
    expect(JSON.stringify(b.w.callsBetween(b.d.id, ...range))).toBe(JSON.stringify(callsA));
    expect(JSON.stringify(c.w.callsBetween(c.d.id, ...range))).not.toBe(JSON.stringify(callsA));
    const recorded = callsA.find((call) => call.recorded)!;
    const other = b.w.findCall(b.d.id, recorded.callId)!;
    expect(sha(wavRange(other))).toBe(sha(wavRange(recorded)));
  });

  it("answers time ranges exactly, in start order, without duplicates", () => {
    const { w, d } = world(7);
    const all = w.callsBetween(d.id, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-08T00:00:00Z"));
    const firstHalf = w.callsBetween(d.id, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-04T12:00:00Z"));
    const secondHalf = w.callsBetween(d.id, new Date("2026-11-04T12:00:00Z"), new Date("2026-11-08T00:00:00Z"));
    expect([...firstHalf, ...secondHalf].map((c) => c.callId)).toEqual(all.map((c) => c.callId));
    expect(new Set(all.map((c) => c.callId)).size).toBe(all.length);
    expect(all.every((c, i) => i === 0 || c.startedAt >= all[i - 1]!.startedAt)).toBe(true);
  });

  it("models abandoned calls without agent or recording, and both directions", () => {
    const { w, d } = world(11);
    const all = w.callsBetween(d.id, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-08T00:00:00Z"));
    const abandoned = all.filter((c) => c.abandoned);
    expect(abandoned.length).toBeGreaterThan(5);
    expect(abandoned.every((c) => !c.recorded && c.agentUsername === null)).toBe(true);
    expect(new Set(all.map((c) => c.callType))).toEqual(new Set(["INBOUND", "OUTBOUND"]));
    expect(all.every((c) => /^[0-9A-F]{32}$/.test(c.sessionId))).toBe(true);
  });

  it("writes valid 8 kHz 16-bit WAV files whose legs differ, and serves any byte range", () => {
    const { w, d } = world(5);
    const call = w.callsBetween(d.id, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-08T00:00:00Z")).find((c) => c.recorded && c.recordingChannels === "per-leg")!;
    const bytes = Buffer.concat([...wavRange(call)]);
    expect(bytes.length).toBe(wavByteLength(call));
    const wav = new WaveFile(bytes);
    const fmt = wav.fmt as { sampleRate: number; bitsPerSample: number; numChannels: number };
    expect([fmt.sampleRate, fmt.bitsPerSample, fmt.numChannels]).toEqual([8000, 16, 2]);
    const [agent, customer] = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
    expect(agent!.length).toBe(call.durationSec * 8000);
    expect(Buffer.from(agent!.buffer).equals(Buffer.from(customer!.buffer))).toBe(false);
    for (const [start, end] of [[0, 10], [40, 100], [1001, 50_003], [bytes.length - 7, bytes.length - 1]] as const) {
      expect(Buffer.concat([...wavRange(call, start, end)]).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it("writes transcripts whose utterances fit inside the call", () => {
    const { w, d } = world(9);
    const call = w.callsBetween(d.id, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-08T00:00:00Z")).find((c) => c.recorded)!;
    const t = transcriptFor(call);
    expect(t.utterances.length).toBeGreaterThan(3);
    expect(t.utterances.every((u) => u.startMs < u.endMs && u.endMs <= call.durationSec * 1000 && u.text.length > 0)).toBe(true);
    expect(new Set(t.utterances.map((u) => u.leg))).toEqual(new Set(["AGENT", "CUSTOMER"]));
  });
});
