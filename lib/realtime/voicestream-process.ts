// The `voicestream` process: receiver + live bus + health endpoints, run by
// bin/voicestream.ts through the shared long-lived-process runner.
// /readyz turns 503 as soon as a drain starts, so load balancers stop
// sending new streams before the receiver asks the live ones to reconnect.
import { blobStore } from "../blob/blob-store-from-env";
import { env } from "../env";
import { startHealthServer, type RunningService, type ServiceState } from "../process-runner";
import { createLiveBus } from "./live-bus-from-env";
import { startReceiver, type Receiver } from "./receiver-server";

export async function startVoiceStreamProcess(): Promise<RunningService & { receiver: Receiver; describe: string }> {
  const config = env();
  let state: ServiceState = "starting";
  const bus = await createLiveBus(config.NATS_URL);
  const receiver = await startReceiver({ port: config.VOICESTREAM_PORT, store: blobStore(), bus, maxStreams: config.VOICESTREAM_MAX_STREAMS,
    session: { configTimeoutMs: config.VOICESTREAM_CONFIG_TIMEOUT_MS, idleTimeoutMs: config.VOICESTREAM_IDLE_TIMEOUT_MS },
  });
  const health = await startHealthServer(
    {
      state: () => state,
      ready: () => receiver.accepting(),
      details: () => ({ receiverId: receiver.receiverId, grpcPort: receiver.port, streams: receiver.activeStreams(), maxStreams: config.VOICESTREAM_MAX_STREAMS, bus: bus.description, busFailures: bus.failures, load: receiver.load() }),
    },
    { port: config.VOICESTREAM_HEALTH_PORT, host: config.HEALTH_HOST },
  );
  state = "running";
  return {
    receiver,
    healthPort: health.port,
    describe: `VoiceStream receiver on :${receiver.port} (${bus.description} bus); health at http://${config.HEALTH_HOST}:${health.port}/healthz`,
    async stop() {
      state = "stopping";
      await receiver.stop();
      await bus.close();
      await health.close();
    },
  };
}
