// The receiver's HTTP/2 connection window: a real grpc-js server and client;
// the server's side of the connection has the widened window (Node's default
// is 64 KiB, shared by every leg on the connection).
import type { Http2Server, ServerHttp2Session } from "node:http2";
import * as grpc from "@grpc/grpc-js";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadVoiceProto } from "../../proto/voice-proto";
import { CONNECTION_WINDOW_BYTES, widenConnectionWindow } from "./http2-window";

describe("HTTP/2 connection window", () => {
  it("gives every connection of the server the widened window", async () => {
    const server = new grpc.Server();
    server.addService(loadVoiceProto().service, { StreamingVoice: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.on("data", () => undefined).on("end", () => call.end()) });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    widenConnectionWindow(server, pino({ level: "silent" }));
    const sessions: ServerHttp2Session[] = [];
    for (const h of (server as unknown as { http2Servers: Map<Http2Server, unknown> }).http2Servers.keys()) h.on("session", (s: ServerHttp2Session) => sessions.push(s));
    const client = new (loadVoiceProto().Voice)(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const stream = client.StreamingVoice();
    stream.on("error", () => undefined);
    await new Promise<void>((resolve) => {
      stream.on("status", () => resolve());
      stream.end();
    });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.state.localWindowSize).toBe(CONNECTION_WINDOW_BYTES);
    client.close();
    server.forceShutdown();
  });
});
