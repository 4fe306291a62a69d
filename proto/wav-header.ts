// The 44-byte RIFF header of a PCM 16-bit WAV: what Five9's recordings carry
// and what Loris writes for live audio. Shared by the product and the
// simulator (neither may import the other).
export const WAV_HEADER_BYTES = 44;

export function pcm16WavHeader(dataBytes: number, channels: number, sampleRateHz = 8000): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write("WAVEfmt ", 8, "ascii");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRateHz, 24);
  h.writeUInt32LE(sampleRateHz * 2 * channels, 28);
  h.writeUInt16LE(2 * channels, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii");
  h.writeUInt32LE(dataBytes, 40);
  return h;
}
