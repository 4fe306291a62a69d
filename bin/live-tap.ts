// `npm run live:tap -- --tenant <slug>`: prints a tenant's live calls, legs
// and levels from the live bus (NATS JetStream at NATS_URL), as a downstream
// consumer of loris.live.<tenantId>.> would see them. One line per leg state
// change, and a level line per leg at most every second.
import { parseArgs } from "node:util";
import { db, disconnectDb } from "../lib/db";
import { loadEnvOrExit } from "../lib/env";
import type { LiveMessage } from "../lib/realtime/bus";
import { createLiveBus } from "../lib/realtime/live-bus-from-env";
import { formatTapLine, LiveTapView } from "../lib/realtime/live-tap-view";

async function main() {
  const env = loadEnvOrExit();
  const { values } = parseArgs({ options: { tenant: { type: "string" } } });
  if (!values.tenant) {
    console.error("Usage: npm run live:tap -- --tenant <slug>");
    process.exit(64);
  }
  if (!env.NATS_URL) {
    console.error("NATS_URL is not set: the live bus is in-process inside the receiver, so there is nothing to tap. Set NATS_URL (e.g. nats://127.0.0.1:4222) for the receiver and for this command.");
    process.exit(78);
  }
  const tenant = await db().tenant.findUnique({ where: { slug: values.tenant }, select: { id: true, name: true } });
  if (!tenant) {
    console.error(`No workspace with id ${values.tenant}.`);
    process.exit(1);
  }
  const bus = await createLiveBus(env.NATS_URL);
  const view = new LiveTapView();
  console.log(`Tapping live audio of ${tenant.name} on ${bus.description} (loris.live.${tenant.id}.>); Ctrl-C to stop.`);
  await bus.subscribe(`loris.live.${tenant.id}.>`, (_subject, message: LiveMessage) => {
    for (const line of view.apply(message, Date.now())) console.log(formatTapLine(line));
  });
  const stop = async () => {
    await bus.close();
    await disconnectDb();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
