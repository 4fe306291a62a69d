// The live bus: subject matching, the in-process bus, and NATS JetStream
// (127.0.0.1:4222) when a server is reachable — skipped cleanly when not.
// The receiver publishes a call's audio and status; a subscriber on the
// tenant's subjects (what `npm run live:tap` does) sees legs and levels.
import { randomUUID } from "node:crypto";
import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { createLiveBus } from "./live-bus-from-env";
import { InProcessBus, liveSubject, subjectMatches, type LiveBus, type LiveMessage } from "./bus";
import { LiveTapView } from "./live-tap-view";

const NATS_URL = "nats://127.0.0.1:4222";
const natsUp = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: "127.0.0.1", port: 4222 }, () => {
    socket.destroy();
    resolve(true);
  });
  socket.on("error", () => resolve(false));
  socket.setTimeout(500, () => {
    socket.destroy();
    resolve(false);
  });
});

const base = (tenantId: string) => ({ tenantId, callId: randomUUID(), five9CallId: "CALL 1", leg: "agent" as const, streamSessionId: "s1", segment: 1 });

async function roundTrip(bus: LiveBus) {
  const tenantId = `t${randomUUID().replace(/-/g, "")}`;
  const other = `t${randomUUID().replace(/-/g, "")}`;
  const got: { subject: string; message: LiveMessage }[] = [];
  const unsubscribe = await bus.subscribe(`loris.live.${tenantId}.>`, (subject, message) => got.push({ subject, message }));
  const ids = base(tenantId);
  bus.publish({ ...ids, type: "status", state: "streaming", campaign: "Sales", at: Date.now() });
  bus.publish({ ...ids, type: "audio", sendTimeMs: 1, durationMs: 200, encoding: "LINEAR16", sampleRateHz: 8000, rms: 0.1, level: 0.67, receivedAt: Date.now(), audio: Buffer.alloc(3200).toString("base64") });
  bus.publish({ ...base(other), type: "status", state: "streaming", at: Date.now() });
  bus.publish({ ...ids, type: "status", state: "ended", endStatus: "call_ended", at: Date.now() });
  await bus.flush();
  const deadline = Date.now() + 5000;
  while (got.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await unsubscribe();
  expect(got.map((g) => g.subject)).toEqual([liveSubject(ids, "status"), liveSubject(ids, "audio"), liveSubject(ids, "status")]);
  const view = new LiveTapView();
  const lines = got.flatMap((g) => view.apply(g.message, Date.now()));
  expect(lines.map((l) => l.text.split(" ")[0])).toEqual(["streaming", "level", "ended"]);
  expect(lines[1]!.text).toContain("0.67");
}

describe("live bus", () => {
  it("matches subjects like NATS", () => {
    expect(subjectMatches("loris.live.t1.>", "loris.live.t1.c1.agent.audio")).toBe(true);
    expect(subjectMatches("loris.live.t1.>", "loris.live.t10.c1.agent.audio")).toBe(false);
    expect(subjectMatches("loris.live.*.*.agent.status", "loris.live.t1.c1.agent.status")).toBe(true);
    expect(subjectMatches("loris.live.*.*.agent.status", "loris.live.t1.c1.customer.status")).toBe(false);
  });

  it("delivers a tenant's messages in order in-process, and no other tenant's", async () => {
    await roundTrip(new InProcessBus());
  });

  it.skipIf(!natsUp)("delivers them through NATS JetStream (stream LORIS_LIVE)", async () => {
    const bus = await createLiveBus(NATS_URL);
    try {
      expect(bus.description).toContain("nats");
      await roundTrip(bus);
      expect(bus.failures).toBe(0);
    } finally {
      await bus.close();
    }
  });
});
