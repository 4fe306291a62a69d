// Reads a recording's WAV header as the bytes stream past, with the wavefile
// library (RIFF/RIFX/RF64 chunks, fmt, data) rather than hand-rolled offsets.
// Only the first bytes are kept (up to HEADER_WINDOW): enough for the fmt and
// data chunk headers even behind LIST/bext chunks, never the audio.
import { WaveFile } from "wavefile";

const HEADER_WINDOW = 64 * 1024;

export interface WavInfo {
  durationMs: number;
  channels: number;
  sampleRateHz: number;
  bitsPerSample: number;
  /** File size per the RIFF header (RIFF chunk size + 8). */
  riffBytes: number;
  dataBytes: number;
}

export class InvalidWav extends Error {}

interface ParsedWave {
  chunkSize: number;
  fmt: { audioFormat: number; numChannels: number; sampleRate: number; byteRate: number; bitsPerSample: number };
  data: { chunkSize: number };
}

export function parseWavHeader(bytes: Uint8Array): WavInfo {
  const wave = new WaveFile() as unknown as ParsedWave & { fromBuffer(b: Uint8Array, samples: boolean): void };
  try {
    wave.fromBuffer(bytes, false);
  } catch (error) {
    throw new InvalidWav(`not a WAV file (${error instanceof Error ? error.message : String(error)})`);
  }
  const { fmt, data, chunkSize } = wave;
  if (!fmt.numChannels || !fmt.sampleRate || !fmt.byteRate) throw new InvalidWav(`WAV header has no usable format (channels ${fmt.numChannels}, rate ${fmt.sampleRate} Hz)`);
  return {
    durationMs: Math.round((data.chunkSize / fmt.byteRate) * 1000),
    channels: fmt.numChannels,
    sampleRateHz: fmt.sampleRate,
    bitsPerSample: fmt.bitsPerSample,
    riffBytes: chunkSize + 8,
    dataBytes: data.chunkSize,
  };
}

/** Collects the first bytes of a download and parses them once there are enough. */
export class WavHeaderReader {
  private head: Buffer[] = [];
  private collected = 0;
  private info?: WavInfo;

  /** `totalBytes`: the file's size (a file smaller than the window is parsed when complete). */
  constructor(private readonly totalBytes: number) {}

  get parsed(): WavInfo | undefined {
    return this.info;
  }

  /** Feeds the next bytes of the file; throws InvalidWav as soon as the header is known to be bad. */
  push(chunk: Uint8Array): void {
    if (this.info) return;
    const want = Math.min(HEADER_WINDOW, this.totalBytes) - this.collected;
    if (want <= 0) return;
    const part = Buffer.from(chunk.subarray(0, want));
    this.head.push(part);
    this.collected += part.length;
    if (this.collected >= Math.min(HEADER_WINDOW, this.totalBytes)) this.info = parseWavHeader(Buffer.concat(this.head));
    if (this.info) this.head = [];
  }

  /** After the last byte: the sizes in the header must match the file (a short file is a truncated one). */
  finish(fileBytes: number): WavInfo {
    const info = this.info ?? parseWavHeader(Buffer.concat(this.head));
    if (info.riffBytes !== fileBytes) throw new InvalidWav(`the RIFF header announces ${info.riffBytes} bytes, the file has ${fileBytes}`);
    if (info.dataBytes > fileBytes) throw new InvalidWav(`the header announces ${info.dataBytes} bytes of audio, the file has ${fileBytes} in all`);
    return info;
  }
}
