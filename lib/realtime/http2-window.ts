// The HTTP/2 connection-level receive window of a grpc-js server. Node starts
// every connection at 64 KiB and grpc-js has no server option to change it
// (only clients have `grpc-node.flow_control_window`), so every leg Five9
// multiplexes on one connection shares 64 KiB in flight: ~250 real-time legs
// (4 MB/s) stall on it whenever a turn of our event loop takes > 15 ms, and
// over a WAN round trip far fewer. The bench showed the backlog (frames
// queued in the client, seconds of latency, 0 lost) at 500 legs on one
// machine, and none with 8 MiB. Memory stays bounded: at most the window per
// connection is unread, and PAUSE (storage, load governor) still applies.
// grpc-js keeps its http2 servers in a private map; if that ever changes,
// the window stays at Node's default and we say so once.
import type { Http2Server, ServerHttp2Session } from "node:http2";
import type * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";

export const CONNECTION_WINDOW_BYTES = 8 * 1024 * 1024;

/** Call after bindAsync: every connection of `server` gets `bytes` of connection window. */
export function widenConnectionWindow(server: grpc.Server, log: Logger, bytes = CONNECTION_WINDOW_BYTES): void {
  const servers = (server as unknown as { http2Servers?: Map<Http2Server, unknown> }).http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) {
    log.warn("grpc-js internals changed: HTTP/2 connection window left at 64 KiB");
    return;
  }
  for (const http2Server of servers.keys()) {
    http2Server.on("session", (session: ServerHttp2Session) => {
      try {
        session.setLocalWindowSize(bytes);
      } catch (error) {
        log.warn({ err: error }, "could not widen the HTTP/2 connection window");
      }
    });
  }
}
