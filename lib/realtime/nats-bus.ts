// The live bus on NATS JetStream. Messages go to the stream LORIS_LIVE
// (subjects loris.live.>, memory storage, kept 5 minutes: consumers that fall
// a little behind or reconnect catch up; long-term audio lives in the blob
// store). Publishes are JetStream publishes (acked by the server), not
// awaited by the leg; failures are counted. Subscribers are ordered
// consumers starting at new messages — what a downstream analyser would use.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient } from "@nats-io/jetstream";
import { logger } from "../log";
import { liveSubject, type LiveBus, type LiveHandler, type LiveMessage } from "./bus";

export const LIVE_STREAM = "LORIS_LIVE";
const MAX_AGE_NS = 5 * 60 * 1e9;

export class NatsLiveBus implements LiveBus {
  failures = 0;
  private pending = new Set<Promise<unknown>>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    readonly description: string,
  ) {}

  static async connect(url: string): Promise<NatsLiveBus> {
    const nc = await connect({ servers: url, name: "loris-voicestream", maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    const config = { name: LIVE_STREAM, subjects: ["loris.live.>"], storage: StorageType.Memory, retention: RetentionPolicy.Limits, max_age: MAX_AGE_NS };
    try {
      await jsm.streams.info(LIVE_STREAM);
    } catch {
      await jsm.streams.add(config).catch(async (error: unknown) => {
        // Another replica created it in between.
        if (!(await jsm.streams.info(LIVE_STREAM).catch(() => undefined))) throw error;
      });
    }
    return new NatsLiveBus(nc, jetstream(nc), `nats ${url}`);
  }

  publish(message: LiveMessage): void {
    const subject = liveSubject(message, message.type);
    const p = this.js.publish(subject, this.encoder.encode(JSON.stringify(message))).catch((error: unknown) => {
      this.failures++;
      if (this.failures % 1000 === 1) logger("live-bus").warn({ err: error, failures: this.failures }, "live bus publish failed");
    });
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  async subscribe(pattern: string, handler: LiveHandler): Promise<() => Promise<void>> {
    const consumer = await this.js.consumers.get(LIVE_STREAM, { filter_subjects: pattern, deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    void (async () => {
      for await (const m of messages) {
        try {
          handler(m.subject, JSON.parse(this.decoder.decode(m.data)) as LiveMessage);
        } catch {
          this.failures++;
        }
      }
    })();
    return async () => {
      await messages.close();
    };
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.nc.flush();
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
  }
}
