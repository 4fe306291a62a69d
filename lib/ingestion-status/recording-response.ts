// Streams a stored recording (or live-audio WAV) to the browser's audio player, honouring one
// byte range (players seek with Range requests) without loading the file.
import { Readable } from "node:stream";
import { blobStore } from "../blob/blob-store-from-env";
import { AppError } from "../errors";
import { recordingOf } from "./calls";

/** Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range against `size`; null = whole file, "invalid" = 416. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "invalid";
  const [start, end] = match[1] === "" ? [Math.max(0, size - Number(match[2])), size - 1] : [Number(match[1]), match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1)];
  return start > end || start >= size ? "invalid" : { start, end };
}

/** A stored blob (a recording, a live-audio WAV) for the audio player: whole, or the one range asked for. */
export async function blobResponse(blob: { blobKey: string; bytes: number | bigint; contentType: string; sha256: string }, rangeHeader: string | null): Promise<Response> {
  const size = Number(blob.bytes);
  const range = parseRange(rangeHeader, size);
  const headers = new Headers({ "content-type": blob.contentType, "accept-ranges": "bytes", "cache-control": "private, max-age=3600", etag: `"${blob.sha256}"` });
  if (range === "invalid") {
    headers.set("content-range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const body = await blobStore().get(blob.blobKey, range ?? undefined);
  headers.set("content-length", String(range ? range.end - range.start + 1 : size));
  if (range) headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  return new Response(Readable.toWeb(body) as ReadableStream, { status: range ? 206 : 200, headers });
}

export async function recordingResponse(tenantId: string, callId: string, rangeHeader: string | null): Promise<Response> {
  const recording = await recordingOf(tenantId, callId);
  if (!recording) throw new AppError("not_found", "This call has no stored recording.");
  return blobResponse(recording, rangeHeader);
}
