// A domain's recordings for a time window, through a Supervisor recording view
// read page by page with /next. Pages can come twice (a repeated window) or
// reversed: items are deduplicated by call id and put back in the view's order
// (start time, then call id), and the result says exactly what was seen so a
// job can log it. If the view expires mid-way, a new one is opened and read
// again; the dedupe makes that safe.
import { z } from "zod";
import { logger } from "../../log";
import { Five9Error } from "../../five9/errors";
import { SupervisorCallError, type SupervisorClient } from "./supervisor-client";
import { zodMessage } from "../../zod-error";

const id = z.union([z.string().min(1), z.number()]).transform(String);

export const recordingItemSchema = z.object({
  callId: id,
  sessionId: z.string().min(1),
  recordingId: id.optional(),
  agentId: id.nullable().optional(),
  agentUsername: z.string().nullable().optional(),
  agentName: z.string().nullable().optional(),
  campaign: z.string().optional(),
  callType: z.string().optional(),
  ani: z.string().optional(),
  dnis: z.string().optional(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).optional(),
  durationSec: z.number().nonnegative().optional(),
  channels: z.number().int().positive().optional(),
  sampleRateHz: z.number().int().positive().optional(),
  contentType: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  recordingPath: z.string().startsWith("/"),
  transcriptPath: z.string().startsWith("/").optional(),
});
export type RecordingItem = z.infer<typeof recordingItemSchema>;

const pageSchema = z.object({
  viewId: z.string().min(1),
  items: z.array(recordingItemSchema),
  hasMore: z.boolean(),
  total: z.number().int().nonnegative(),
});

export interface RecordingListing {
  items: RecordingItem[];
  /** What the view said it holds; equals items.length when the listing is complete. */
  total: number;
  pages: number;
  /** Items that had been seen already (repeated pages, reread after a view expired). */
  duplicates: number;
  /** Pages whose items were not in the view's order. */
  reorderedPages: number;
  /** Views opened (more than 1 when one expired). */
  views: number;
}

export interface ListRecordingsInput {
  client: SupervisorClient;
  from: Date;
  to: Date;
  campaigns?: string[];
  pageSize?: number;
  signal?: AbortSignal;
  /** Safety stop for a server that never says hasMore: false. */
  maxPages?: number;
}

const byViewOrder = (a: RecordingItem, b: RecordingItem) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.callId.localeCompare(b.callId);

export async function listRecordings(input: ListRecordingsInput): Promise<RecordingListing> {
  const log = logger("ingest.recordings");
  const session = await input.client.current();
  const base = `/supsvcs/rs/svc/supervisors/${encodeURIComponent(session.userId)}/recording_views`;
  const seen = new Map<string, RecordingItem>();
  const stats = { pages: 0, duplicates: 0, reorderedPages: 0, views: 0, total: 0 };
  const maxPages = input.maxPages ?? 100_000;
  const parse = (raw: unknown, what: string) => {
    const page = pageSchema.safeParse(raw);
    if (!page.success) throw new Five9Error("bad_response", `${what}: unexpected answer (${zodMessage(page.error, { root: "body", limit: 3 })})`);
    return page.data;
  };

  for (let viewAttempt = 0; ; viewAttempt++) {
    stats.views++;
    const body = { from: input.from.toISOString(), to: input.to.toISOString(), pageSize: input.pageSize ?? 100, ...(input.campaigns?.length ? { campaigns: input.campaigns } : {}) };
    let page = parse(await input.client.json(base, { what: "Recording view", method: "POST", body, signal: input.signal }), "Recording view");
    stats.total = page.total;
    try {
      for (;;) {
        stats.pages++;
        const ordered = [...page.items].sort(byViewOrder);
        if (ordered.some((item, i) => item !== page.items[i])) stats.reorderedPages++;
        for (const item of ordered) {
          if (seen.has(item.callId)) stats.duplicates++;
          else seen.set(item.callId, item);
        }
        if (!page.hasMore || page.items.length === 0) break;
        if (stats.pages >= maxPages) throw new Five9Error("bad_response", `Recording view: still more pages after ${maxPages}; stopping`);
        page = parse(await input.client.json(`${base}/${encodeURIComponent(page.viewId)}/next`, { what: "Recording view page", signal: input.signal }), "Recording view page");
      }
      break;
    } catch (error) {
      // The view expired between pages (idle too long): open it again; what was read stays deduplicated.
      if (error instanceof SupervisorCallError && error.code === "VIEW_NOT_FOUND" && viewAttempt < 2) {
        log.warn({ pagesRead: stats.pages, itemsSoFar: seen.size }, "Recording view expired mid-listing; opening a new one");
        continue;
      }
      throw error;
    }
  }

  const items = [...seen.values()].sort(byViewOrder);
  if (items.length !== stats.total) {
    throw new Five9Error("bad_response", `Recording view: received ${items.length} distinct recordings but the view announced ${stats.total}`);
  }
  log.info({ from: input.from.toISOString(), to: input.to.toISOString(), ...stats }, "Recordings listed");
  return { items, ...stats };
}
