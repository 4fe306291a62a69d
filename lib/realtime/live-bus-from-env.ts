// Picks the live bus: NATS JetStream when NATS_URL is set, else in-process.
// (Apart from bus.ts so the NATS client is only loaded when asked for.)
import { InProcessBus, type LiveBus } from "./bus";

export async function createLiveBus(natsUrl: string | undefined): Promise<LiveBus> {
  if (!natsUrl) return new InProcessBus();
  const { NatsLiveBus } = await import("./nats-bus");
  return NatsLiveBus.connect(natsUrl);
}
