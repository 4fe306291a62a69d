// What browsers' live views hear: Postgres NOTIFY on the receiver's channel
// `loris_live`, ids and small numbers only (any web replica serves any
// tenant, then reads rows scoped to the tenant). Two shapes:
//   leg    {"tenantId","callId","streamSessionId","leg","level","bytes","state"}   (lib/realtime/live-notify.ts, ≤ 1/s per leg)
//   event  {"kind":"event","tenantId","callId","callEventId"}                       (a stored CTI event, this folder)
import { z } from "zod";
import { db } from "../db";
import { logger } from "../log";
import { LIVE_NOTIFY_CHANNEL } from "../realtime/live-notify";

export { LIVE_NOTIFY_CHANNEL };

const id = z.string().min(1).max(100);

const legNotice = z.object({
  tenantId: id, callId: id, streamSessionId: id, leg: z.string().max(20),
  level: z.number().min(0).transform((l) => Math.min(l, 1)), bytes: z.number().nonnegative(), state: z.string().max(40),
}).transform((n) => ({ kind: "leg" as const, ...n }));

const eventNotice = z.object({ kind: z.literal("event"), tenantId: id, callId: id, callEventId: id });

export type LegNotice = z.output<typeof legNotice>;
export type EventNotice = z.output<typeof eventNotice>;
export type LiveViewNotice = LegNotice | EventNotice;

/** A NOTIFY payload, or null when it is not one of ours (never thrown: one bad payload must not stop the listener). */
export function parseLiveNotice(payload: string): LiveViewNotice | null {
  try {
    const json: unknown = JSON.parse(payload);
    const parsed = (typeof json === "object" && json !== null && (json as { kind?: unknown }).kind === "event" ? eventNotice : legNotice).safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function notifyCallEvent(notice: Omit<EventNotice, "kind">): Promise<void> {
  const payload = JSON.stringify({ kind: "event", ...notice } satisfies EventNotice);
  try {
    await db().$executeRaw`SELECT pg_notify(${LIVE_NOTIFY_CHANNEL}, ${payload})`;
  } catch (error) {
    logger("live-events").warn({ err: error }, "pg_notify for a call event failed");
  }
}
