// A recording's WAV over HTTP with byte ranges (RFC 9110 §14): 200 with the
// whole file, 206 for one range, 416 when the range starts past the end.
// Several ranges in one request are ignored (200 with the whole file), which
// RFC 9110 allows and spares us multipart/byteranges. Bytes are rendered
// chunk by chunk with backpressure, never the whole file in memory.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { SimCall } from "../world/types";
import { wavByteLength, wavRange } from "../world/wav";

export type ByteRange = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/** Reads a Range header against a file of `size` bytes. Unknown units and bad syntax are ignored (whole file). */
export function parseRange(header: string | undefined, size: number): ByteRange {
  const spec = /^\s*bytes\s*=\s*(.+?)\s*$/i.exec(header ?? "")?.[1];
  if (!spec || spec.includes(",")) return { kind: "full" };
  const m = /^(\d*)-(\d*)$/.exec(spec);
  if (!m || (m[1] === "" && m[2] === "")) return { kind: "full" };
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? Infinity : Number(m[2]);
  if (end < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/** A strong validator for the file: the bytes of a call never change. */
export function wavEtag(call: SimCall): string {
  return `"${call.sessionId.toLowerCase()}-${wavByteLength(call)}"`;
}

export interface WavSendOptions {
  /** HEAD: headers only. */
  headOnly?: boolean;
  /** The `truncated_wav` fault: announce the full length, then cut the connection about halfway through the body. */
  truncate?: boolean;
}

export async function sendWav(req: IncomingMessage, res: ServerResponse, call: SimCall, options: WavSendOptions = {}): Promise<void> {
  const size = wavByteLength(call);
  const etag = wavEtag(call);
  const ifRange = req.headers["if-range"];
  // If-Range with another validator means "the file changed: send it whole".
  const range = ifRange && ifRange !== etag ? ({ kind: "full" } as const) : parseRange(req.headers.range, size);
  const common = { "accept-ranges": "bytes", etag, "content-disposition": `attachment; filename="${call.callId}.wav"` };

  if (range.kind === "unsatisfiable") {
    res.writeHead(416, { ...common, "content-type": "application/json", "content-range": `bytes */${size}` });
    res.end(JSON.stringify({ error: `Range not satisfiable: the recording has ${size} bytes`, code: "RANGE_NOT_SATISFIABLE" }));
    return;
  }
  const start = range.kind === "partial" ? range.start : 0;
  const end = range.kind === "partial" ? range.end : size - 1;
  const length = end - start + 1;
  res.writeHead(range.kind === "partial" ? 206 : 200, {
    ...common,
    "content-type": "audio/wav",
    "content-length": String(length),
    ...(range.kind === "partial" ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (options.headOnly) {
    res.end();
    return;
  }
  res.flushHeaders();

  const cutAt = options.truncate ? Math.floor(length / 2) : Infinity;
  let sent = 0;
  for (const chunk of wavRange(call, start, end)) {
    if (res.destroyed) return;
    if (sent + chunk.length >= cutAt) {
      // Flush what is left of the first half, then drop the connection mid-body.
      res.write(chunk.subarray(0, cutAt - sent), () => res.destroy());
      return;
    }
    sent += chunk.length;
    // Rendering audio is CPU work: give other requests a turn after every chunk,
    // or a fast reader would keep the simulator busy for the whole file.
    if (!res.write(chunk)) await drained(res);
    else await nextTurn();
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
