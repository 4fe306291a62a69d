// Five9 Cloud REST APIs with a bearer token: responses parsed with zod, lists
// followed page by page (pageLimit/pageCursor), duplicates from overlapping
// pages dropped, statuses mapped to Five9Error.
import { z } from "zod";
import { five9Endpoints, type Five9Region } from "./endpoints";
import { five9ErrorFromStatus, Five9Error, five9Fetch } from "./errors";
import { zodMessage } from "../zod-error";

export interface RestAccess {
  region: Five9Region;
  domainId: string;
  accessToken: string;
}

export interface RestCallInfo {
  /** Rate-limit headroom Five9 reported, when it did. */
  rateLimitRemaining?: number;
}

async function getJson<T>(access: RestAccess, path: string, schema: z.ZodType<T>, what: string): Promise<{ body: T; info: RestCallInfo }> {
  const url = `${five9Endpoints(access.region).apiBase}${path}`;
  const response = await five9Fetch(url, { headers: { authorization: `Bearer ${access.accessToken}`, accept: "application/json" } }, what);
  if (!response.ok) {
    await response.body?.cancel();
    throw five9ErrorFromStatus(response.status, what, response.headers.get("retry-after"));
  }
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new Five9Error("bad_response", `${what}: Five9's answer did not have the expected shape (${zodMessage(parsed.error, { root: "body", limit: 1 })})`);
  const remaining = Number(response.headers.get("x-ratelimit-remaining"));
  return { body: parsed.data, info: { rateLimitRemaining: Number.isFinite(remaining) && response.headers.has("x-ratelimit-remaining") ? remaining : undefined } };
}

const domainSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string().optional() });
export type Five9Domain = z.infer<typeof domainSchema>;

export async function getDomain(access: RestAccess): Promise<{ domain: Five9Domain; info: RestCallInfo }> {
  const { body, info } = await getJson(access, `/domains/v1/domains/${encodeURIComponent(access.domainId)}`, domainSchema, "Reading the Five9 domain");
  return { domain: body, info };
}

const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), paging: z.object({ nextPageCursor: z.string().nullable().optional() }).optional() });

/** Every item of a paged list, in order, each id once. */
async function listAll<T extends { id: string }>(access: RestAccess, path: string, item: z.ZodType<T>, what: string, maxPages = 200): Promise<T[]> {
  const seen = new Map<string, T>();
  let cursor: string | null | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query = new URLSearchParams({ pageLimit: "100", ...(cursor ? { pageCursor: cursor } : {}) });
    const { body } = await getJson(access, `${path}?${query}`, pageSchema(item), what);
    for (const entry of body.items as T[]) if (!seen.has(entry.id)) seen.set(entry.id, entry);
    cursor = body.paging?.nextPageCursor;
    if (!cursor) return [...seen.values()];
  }
  throw new Five9Error("bad_response", `${what}: more than ${maxPages} pages — stopped`);
}

const campaignSchema = z.object({ id: z.string(), name: z.string(), type: z.string().optional(), state: z.string().optional() });
export type Five9Campaign = z.infer<typeof campaignSchema>;

export function listCampaigns(access: RestAccess): Promise<Five9Campaign[]> {
  return listAll(access, `/campaigns/v1/domains/${encodeURIComponent(access.domainId)}/campaigns`, campaignSchema, "Listing campaigns");
}
