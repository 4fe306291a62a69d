// The publisher's window: paced audio goes out in its own handler, a burst
// waits at most the window — also when the loop is too busy for the shared
// timer to fire (the next chunk of any leg publishes what is due).
import { describe, expect, it } from "vitest";
import type { LiveAudioMessage, LiveBus, LiveMessage } from "./bus";
import { LegPublisher, PUBLISH_WINDOW_MS } from "./leg-publisher";
import type { LiveNotifier } from "./live-notify";

const FRAME = Buffer.alloc(320, 1);

function recordingBus(): LiveBus & { audio: LiveAudioMessage[] } {
  const audio: LiveAudioMessage[] = [];
  return {
    description: "recording",
    failures: 0,
    audio,
    publish: (m: LiveMessage) => void (m.type === "audio" && audio.push(m)),
    subscribe: async () => async () => undefined,
    flush: async () => undefined,
    close: async () => undefined,
  };
}

// Browser notices are not what this test is about; they go nowhere.
const quietNotifier = { notify: () => undefined, flushNow: () => undefined } as unknown as LiveNotifier;

function publisher(bus: LiveBus, leg: "agent" | "customer") {
  return new LegPublisher(bus, { tenantId: "t", callId: "c", five9CallId: "1", leg, streamSessionId: `s-${leg}`, segment: 1 }, quietNotifier, () => ({ bytes: 0, state: "streaming" }));
}

describe("LegPublisher", () => {
  it("publishes a paced chunk at once and batches chunks that follow closer than the window", () => {
    const bus = recordingBus();
    const agent = publisher(bus, "agent");
    agent.add(FRAME, 0, 1_000);
    expect(bus.audio.map((m) => [m.sendTimeMs, m.durationMs])).toEqual([[0, 20]]);
    agent.add(FRAME, 20, 1_001);
    agent.add(FRAME, 40, 1_002);
    expect(bus.audio).toHaveLength(1);
    agent.flush();
    expect(bus.audio.map((m) => [m.sendTimeMs, m.durationMs, m.receivedAt])).toEqual([[0, 20, 1_000], [20, 40, 1_001]]);
  });

  it("a batch whose window has passed goes out with the next chunk of any leg, before the timer fires", () => {
    const bus = recordingBus();
    const agent = publisher(bus, "agent");
    const customer = publisher(bus, "customer");
    agent.add(FRAME, 0, 5_000);
    agent.add(FRAME, 20, 5_002);
    customer.add(FRAME, 0, 5_002 + PUBLISH_WINDOW_MS - 1);
    // The customer's chunk was inside the agent's window: the agent's batch still waits.
    expect(bus.audio.map((m) => m.leg)).toEqual(["agent", "customer"]);
    customer.add(FRAME, 40, 5_002 + PUBLISH_WINDOW_MS + 30);
    // Synchronously, no timer has run: the agent's due batch first, then the customer's paced chunk.
    expect(bus.audio.map((m) => [m.leg, m.sendTimeMs])).toEqual([["agent", 0], ["customer", 0], ["agent", 20], ["customer", 40]]);
  });
});
