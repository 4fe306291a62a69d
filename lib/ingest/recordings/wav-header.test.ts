import { describe, expect, it } from "vitest";
import type { SimCall } from "../../../sim/world/types";
import { wavByteLength, wavHeader } from "../../../sim/world/wav";
import { InvalidWav, parseWavHeader, WavHeaderReader } from "./wav-header";

const call = { durationSec: 61, recordingChannels: "per-leg" } as SimCall;

describe("WAV header", () => {
  it("reads duration, channels and rate from a header fed in small pieces", () => {
    const reader = new WavHeaderReader(wavByteLength(call));
    const header = wavHeader(call);
    for (let i = 0; i < header.length; i += 7) reader.push(header.subarray(i, i + 7));
    reader.push(Buffer.alloc(70_000));
    expect(reader.parsed).toMatchObject({ durationMs: 61_000, channels: 2, sampleRateHz: 8000, bitsPerSample: 16 });
    expect(reader.finish(wavByteLength(call)).durationMs).toBe(61_000);
  });

  it("refuses what is not a WAV, and a file shorter or longer than its header says", () => {
    expect(() => parseWavHeader(Buffer.from('{"callId":"1","utterances":[]}'))).toThrow(InvalidWav);
    expect(() => parseWavHeader(wavHeader(call).subarray(0, 20))).toThrow(/not a WAV file/);
    const reader = new WavHeaderReader(wavByteLength(call));
    reader.push(Buffer.concat([wavHeader(call), Buffer.alloc(70_000)]));
    expect(() => reader.finish(wavByteLength(call) - 2)).toThrow(/announces .* bytes, the file has/);
    expect(() => reader.finish(wavByteLength(call) + 2)).toThrow(InvalidWav);
  });
});
