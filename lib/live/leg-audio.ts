// Listen: a leg's live audio as it arrives, for the browser. The body is the
// leg's raw PCM (LINEAR16 little-endian, 8 kHz mono) from the live edge on,
// read from the leg's segment blob as it grows (the receiver appends and
// fsyncs ≤ 1 s) and following a reconnect into the next segment; it ends
// when the leg ends or the listener goes. The page plays it with WebAudio
// (an <audio> element does not start a WAV of unknown length in Chromium).
// Blobs that only reach the store when a segment ends (S3) cannot be heard
// live: the answer is 409 then.
import { z } from "zod";
import { blobStore } from "../blob/blob-store-from-env";
import type { BlobStore } from "../blob/blob-store";
import { db } from "../db";
import { AppError } from "../errors";
import { zodMessage } from "../zod-error";

export const legParamSchema = z.object({ callId: z.string().min(1).max(100), leg: z.enum(["agent", "customer", "supervisor"]) });

/** Start this far behind the newest byte (16 bytes = 1 ms), so playback has something to begin with. */
const LIVE_EDGE_BYTES = 16 * 300;
const CHUNK_MAX = 16 * 1000;
/** A segment that ended for a reconnect is followed into the next one for this long. */
const RECONNECT_WAIT_MS = 10_000;
const RECONNECTS = new Set(["reconnect_requested", "shutdown", "cut"]);

export const LEG_AUDIO_HEADERS = {
  "Content-Type": "application/octet-stream",
  "X-Audio-Format": "LINEAR16LE; rate=8000; channels=1",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
} as const;

async function latestSegment(tenantId: string, callId: string, leg: string) {
  return db().streamSession.findFirst({ where: { tenantId, callId, leg }, orderBy: { segment: "desc" }, select: { id: true, segment: true, blobKey: true, endedAt: true, endStatus: true } });
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
});

async function readRange(store: BlobStore, key: string, start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key, { start, end: end - 1 })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function liveLegAudio(input: { tenantId: string; params: Record<string, string | string[]>; signal: AbortSignal; store?: BlobStore; pollMs?: number }): Promise<Response> {
  const parsed = legParamSchema.safeParse(input.params);
  if (!parsed.success) throw new AppError("bad_request", zodMessage(parsed.error, { root: "path" }));
  const { callId, leg } = parsed.data;
  const { tenantId, signal } = input;
  const store = input.store ?? blobStore();
  let segment = await latestSegment(tenantId, callId, leg);
  if (!segment) throw new AppError("not_found", "This call has no such leg streaming.");
  if (segment.endedAt) throw new AppError("conflict", "This leg has ended: play the call's audio in Calls.");
  const head = await store.head(segment.blobKey);
  if (!head) throw new AppError("conflict", "Live audio of this leg cannot be heard while it streams with this storage; it is playable in Calls once the leg ends.");
  let position = Math.max(0, head.bytes - LIVE_EDGE_BYTES) & ~1;
  const pollMs = input.pollMs ?? 100;
  let checkedAt = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (signal.aborted) return controller.close();
        const size = (await store.head(segment!.blobKey))?.bytes ?? 0;
        if (size > position) {
          const end = Math.min(size, position + CHUNK_MAX) & ~1;
          if (end > position) {
            const bytes = await readRange(store, segment!.blobKey, position, end);
            position += bytes.length;
            controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
            return;
          }
        }
        // Nothing new: once a second, ask whether the segment ended and the leg continued in a new one.
        if (Date.now() - checkedAt < 1000) {
          await sleep(pollMs, signal);
          continue;
        }
        checkedAt = Date.now();
        const latest = await latestSegment(tenantId, callId, leg);
        if (latest && latest.id !== segment!.id) {
          segment = latest;
          position = 0;
          continue;
        }
        const reconnecting = latest?.endedAt && RECONNECTS.has(latest.endStatus ?? "") && Date.now() - latest.endedAt.getTime() < RECONNECT_WAIT_MS;
        if (latest?.endedAt && !reconnecting && size <= position) return controller.close();
        await sleep(pollMs, signal);
      }
    },
  });
  return new Response(body, { headers: LEG_AUDIO_HEADERS });
}
