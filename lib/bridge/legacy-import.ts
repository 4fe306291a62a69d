// One poll of a tenant's legacy FTP/SFTP export (V1): walk campaign and day
// folders, remember every file (lib/bridge/legacy-listing.ts), read the files
// whose size and mtime held still since the previous poll
// (lib/bridge/legacy-read.ts), then match what was imported to calls
// (lib/bridge/legacy-matching.ts). Day folders already walked are listed again
// only while they are recent (late files), while they hold files not yet
// settled, or on a full walk. One poll per tenant at a time (stream lease).
// A file that fails keeps its reason and is retried; the poll goes on with the rest.
import { blobStore } from "../blob/blob-store-from-env";
import type { BlobStore } from "../blob/blob-store";
import { contextFor } from "../crypto/sealed-fields";
import { openSecret } from "../crypto/secrets";
import { db } from "../db";
import { logger } from "../log";
import { getCursor } from "../ingest/sync-cursor";
import { connectExport, isNotFoundError, type ExportClient, type ExportLogin } from "./export-client";
import { parseDayFolder } from "./legacy-file-name";
import { joinPath, markUnlisted, recordListing } from "./legacy-listing";
import { matchLegacyFiles, type MatchTotals } from "./legacy-matching";
import { readLegacyFile, type LegacyFileRow } from "./legacy-read";
import { domainTimeZoneOf } from "../five9/domain-time-zone";

export const LEGACY_STREAM = "legacy_export";

export interface LegacyPollOptions {
  signal?: AbortSignal;
  store?: BlobStore;
  /** Local days back from today whose folders are listed on every poll (late files). Default 3. */
  recentDays?: number;
  /** List every day folder, also old ones already walked. */
  full?: boolean;
  /** At most this many files are read per poll (the next poll goes on). Default 500. */
  maxReads?: number;
  /** "Today" for the recent window (the simulator's clock in tests). */
  now?: () => number;
  timeoutMs?: number;
  /** Called between files (lease renewal). */
  afterFile?: () => Promise<void>;
}

export interface LegacyPollTotals {
  folders: number;
  listed: number;
  unparsed: number;
  read: number;
  imported: number;
  duplicates: number;
  refused: number;
  failed: number;
  gone: number;
  /** Folders or servers that could not be listed, with why. */
  errors: string[];
}

export interface LegacyPollResult {
  outcome: "ok" | "not_configured" | "unreachable" | "stopped";
  totals: LegacyPollTotals;
  /** Stable files still waiting to be read (maxReads reached). */
  more: boolean;
  match?: MatchTotals;
}

async function loginOf(tenantId: string): Promise<{ login: ExportLogin; folder: string } | null> {
  const source = await db().legacyExportSource.findUnique({ where: { tenantId } });
  if (!source) return null;
  const password = openSecret(source.passwordSealed, contextFor("legacyExportSource", tenantId, "passwordSealed"));
  return { login: { protocol: source.protocol === "sftp" ? "sftp" : "ftp", host: source.host, port: source.port, username: source.username, password }, folder: source.folder };
}

function localToday(now: number, timeZone: string): number {
  const p = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(new Date(now)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
}

/** Runs one poll. Call inside the tenant's LEGACY_STREAM lease (see the job). */
export async function pollLegacyExport(tenantId: string, options: LegacyPollOptions = {}): Promise<LegacyPollResult> {
  const log = logger("bridge.legacy-import").child({ tenantId });
  const totals: LegacyPollTotals = { folders: 0, listed: 0, unparsed: 0, read: 0, imported: 0, duplicates: 0, refused: 0, failed: 0, gone: 0, errors: [] };
  const source = await loginOf(tenantId);
  if (!source) return { outcome: "not_configured", totals, more: false };
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { five9TimeZone: true } });
  const timeZone = domainTimeZoneOf(tenant);
  const store = options.store ?? blobStore();
  const pollAt = new Date();
  const cursor = await getCursor(tenantId, LEGACY_STREAM);
  await db().syncCursor.update({ where: { id: cursor.id }, data: { lastRunAt: pollAt } });

  let client: ExportClient;
  const connect = () => connectExport(source.login, options.timeoutMs);
  try {
    client = await connect();
  } catch (error) {
    const reason = `could not log in to the ${source.login.protocol.toUpperCase()} export at ${source.login.host}:${source.login.port} (${error instanceof Error ? error.message : String(error)})`;
    await db().syncCursor.update({ where: { id: cursor.id }, data: { lastError: reason } });
    totals.errors.push(reason);
    return { outcome: "unreachable", totals, more: false };
  }
  let more = false;
  try {
    const recentFrom = localToday(options.now?.() ?? Date.now(), timeZone) - (options.recentDays ?? 3) * 86_400_000;
    const known = new Map((await db().legacyFolder.findMany({ where: { tenantId }, select: { path: true, listedAt: true } })).map((f) => [f.path, f.listedAt]));
    const unsettled = new Set(
      (await db().$queryRaw<{ dir: string }[]>`
        SELECT DISTINCT regexp_replace(path, '/[^/]*$', '') AS dir FROM "LegacyFile"
        WHERE "tenantId" = ${tenantId} AND status = 'pending'`).map((r) => r.dir),
    );
    const campaigns: string[] = [];
    await client.listDir(source.folder, async (entries) => void campaigns.push(...entries.filter((e) => e.kind === "dir").map((e) => e.name)));
    for (const campaign of campaigns) {
      if (options.signal?.aborted) break;
      const days: string[] = [];
      try {
        await client.listDir(joinPath(source.folder, campaign), async (entries) => void days.push(...entries.filter((e) => e.kind === "dir").map((e) => e.name)));
      } catch (error) {
        totals.errors.push(`could not list ${joinPath(source.folder, campaign)}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      for (const dayName of days) {
        const folderPath = joinPath(source.folder, campaign, dayName);
        const day = parseDayFolder(dayName);
        const recent = day ? Date.UTC(day.year, day.month - 1, day.day) >= recentFrom : true;
        if (known.has(folderPath) && !recent && !options.full && !unsettled.has(folderPath)) continue;
        try {
          let files = 0;
          await client.listDir(folderPath, async (entries) => {
            const counts = await recordListing(tenantId, source.folder, `${campaign}/${dayName}`, entries, pollAt);
            files += counts.listed;
            totals.listed += counts.listed;
            totals.unparsed += counts.unparsed;
          });
          totals.gone += await markUnlisted(tenantId, folderPath, pollAt);
          await db().legacyFolder.upsert({
            where: { tenantId_path: { tenantId, path: folderPath } },
            create: { tenantId, path: folderPath, day: day ? formatIsoDay(day) : null, listedAt: pollAt, files },
            update: { listedAt: pollAt, files },
          });
          totals.folders++;
        } catch (error) {
          if (isNotFoundError(error)) {
            // The day folder went away between its campaign's listing and its own (its last file deleted):
            // an empty listing — the files it held before and nobody read are gone, nothing is wrong with the poll.
            totals.gone += await markUnlisted(tenantId, folderPath, pollAt);
            await db().legacyFolder.updateMany({ where: { tenantId, path: folderPath }, data: { listedAt: pollAt, files: 0 } });
            continue;
          }
          totals.errors.push(`could not list ${folderPath}: ${error instanceof Error ? error.message : String(error)}`);
          // A dropped connection: log in again and go on with the next folder.
          client = await reconnect(client, connect);
        }
      }
    }
    ({ client, more } = await readStable(tenantId, client, connect, store, pollAt, totals, options));
  } catch (error) {
    const reason = `legacy export poll failed: ${error instanceof Error ? error.message : String(error)}`;
    totals.errors.push(reason);
    log.warn({ err: error }, reason);
  } finally {
    await client!.close();
  }
  const match = await matchLegacyFiles(tenantId);
  await db().syncCursor.update({
    where: { id: cursor.id },
    data: totals.errors.length ? { lastError: totals.errors.slice(0, 3).join("; ") } : { lastError: null, lastSuccessAt: new Date(), cursor: pollAt },
  });
  log.info({ totals: { ...totals, errors: totals.errors.length }, match, more }, "legacy export polled");
  return { outcome: options.signal?.aborted ? "stopped" : "ok", totals, more, match };
}

function formatIsoDay(d: { year: number; month: number; day: number }): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

async function reconnect(client: ExportClient, connect: () => Promise<ExportClient>): Promise<ExportClient> {
  await client.close().catch(() => undefined);
  return connect();
}

/** One after the other: `run(fn)` starts fn once every fn before it has settled. */
function serializer(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const next = tail.then(fn);
    tail = next.catch(() => undefined);
    return next;
  };
}

/**
 * Reads the files this poll found stable, in path order, a page at a time
 * (bounded memory), several at once: SFTP reads them in parallel over its one
 * session; on FTP the transfers queue, but each file's hashing, blob put and
 * rows overlap the next transfer. The content-hash check and the file's final
 * state are settled one file at a time (two copies of one recording read at
 * once still make one import and one duplicate). A connection lost by one read
 * logs in again once for every read that used it.
 */
async function readStable(tenantId: string, first: ExportClient, connect: () => Promise<ExportClient>, store: BlobStore, pollAt: Date, totals: LegacyPollTotals, options: LegacyPollOptions): Promise<{ client: ExportClient; more: boolean }> {
  const maxReads = options.maxReads ?? 500;
  const settle = serializer();
  let client = first;
  let reconnecting: Promise<void> | null = null;
  let more = false;
  let after = "";
  let page: LegacyFileRow[] = [];
  let failure: unknown = null;
  const nextFile = async (): Promise<LegacyFileRow | null> => {
    if (failure || options.signal?.aborted || totals.read >= maxReads) {
      more = more || !failure;
      return null;
    }
    if (page.length === 0) {
      page = await db().$queryRaw<LegacyFileRow[]>`
        SELECT id, path, kind, size FROM "LegacyFile"
        WHERE "tenantId" = ${tenantId} AND status = 'pending' AND kind IN ('recording', 'transcript') AND "stableAt" = ${pollAt} AND path > ${after}
        ORDER BY path LIMIT 100`;
      if (page.length === 0) return null;
      after = page[page.length - 1]!.path;
    }
    totals.read++;
    return page.shift()!;
  };
  // Pages are fetched by one worker at a time (the cursor `after` is shared).
  const takeFile = serializer();
  const worker = async () => {
    for (;;) {
      const file = await takeFile(nextFile);
      if (!file) return;
      const used = client;
      const outcome = await readLegacyFile(tenantId, file, used, store, options.signal, settle);
      if (outcome.status === "imported") totals.imported++;
      else if (outcome.status === "duplicate") totals.duplicates++;
      else if (outcome.status === "refused") totals.refused++;
      else if (outcome.status === "failed") {
        if (outcome.failure === "gone") totals.gone++;
        else totals.failed++;
        if ((outcome.failure === "connection" || outcome.failure === "short") && used === client) {
          reconnecting ??= reconnect(used, connect).then(
            (fresh) => void (client = fresh),
            (error: unknown) => void (failure = error),
          ).finally(() => (reconnecting = null));
        }
        if (reconnecting) await reconnecting;
      }
      await options.afterFile?.();
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, first.parallelReads) }, worker));
  if (failure) throw failure;
  return { client, more };
}
