// Remembering what a poll of the legacy export listed: one batched upsert per
// listing batch on (tenant, path). A file is "stable" — ready to read — when
// this poll lists it with the size and mtime the previous poll saw, so an
// upload still growing is never read half. A file that changed under the same
// name (re-uploaded, or refused and then fixed) goes back to pending; one that
// reappears after it vanished too.
import { db } from "../db";
import type { ExportEntry } from "./export-client";
import { parseLegacyPath, wallTimeMs } from "./legacy-file-name";

export interface ListedCounts {
  listed: number;
  unparsed: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Upserts one batch of a folder's listing (files only) seen at `pollAt`. `relativeDir` is `<campaign>/<day>`. */
export async function recordListing(tenantId: string, exportRoot: string, relativeDir: string, entries: ExportEntry[], pollAt: Date): Promise<ListedCounts> {
  const files = entries.filter((e) => e.kind === "file");
  if (files.length === 0) return { listed: 0, unparsed: 0 };
  const rows = files.map((f) => {
    const parsed = parseLegacyPath(`${relativeDir}/${f.name}`);
    const n = parsed.ok ? parsed.name : null;
    return {
      path: joinPath(exportRoot, relativeDir, f.name),
      kind: n?.kind ?? "other",
      size: f.size,
      mtime: f.mtime ? f.mtime.toISOString() : null,
      status: n ? "pending" : "unparsed",
      reason: parsed.ok ? null : parsed.reason,
      campaign: n?.campaign ?? null,
      localStart: n ? iso(wallTimeMs(n)) : null,
      number: n?.customerNumber ?? null,
      agent: n?.agentUsername ?? null,
      session: n?.sessionId ?? null,
      ivr: n?.ivr ?? false,
    };
  });
  await db().$executeRaw`
    INSERT INTO "LegacyFile" (id, "tenantId", path, kind, size, mtime, "seenAt", status, reason, campaign, "localStart",
                              "customerNumber", "agentUsername", "sessionId", ivr, "firstSeenAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${tenantId}, u.path, u.kind, u.size, u.mtime, ${pollAt}, u.status, u.reason, u.campaign, u.local_start,
           u.number, u.agent, u.session, u.ivr, now(), now()
    FROM unnest(${rows.map((r) => r.path)}::text[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.size)}::bigint[],
                ${rows.map((r) => r.mtime)}::timestamp(3)[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.reason)}::text[],
                ${rows.map((r) => r.campaign)}::text[], ${rows.map((r) => r.localStart)}::timestamp(3)[], ${rows.map((r) => r.number)}::text[],
                ${rows.map((r) => r.agent)}::text[], ${rows.map((r) => r.session)}::text[], ${rows.map((r) => r.ivr)}::boolean[])
      AS u(path, kind, size, mtime, status, reason, campaign, local_start, number, agent, session, ivr)
    ON CONFLICT ("tenantId", path) DO UPDATE SET
      "seenAt" = EXCLUDED."seenAt",
      "stableAt" = CASE WHEN "LegacyFile".size = EXCLUDED.size AND "LegacyFile".mtime IS NOT DISTINCT FROM EXCLUDED.mtime THEN EXCLUDED."seenAt" END,
      status = CASE
        WHEN "LegacyFile".status = 'unparsed' THEN 'unparsed'
        WHEN "LegacyFile".status = 'gone' OR "LegacyFile".size <> EXCLUDED.size OR "LegacyFile".mtime IS DISTINCT FROM EXCLUDED.mtime THEN 'pending'
        ELSE "LegacyFile".status END,
      reason = CASE
        WHEN "LegacyFile".status <> 'unparsed' AND ("LegacyFile".status = 'gone' OR "LegacyFile".size <> EXCLUDED.size OR "LegacyFile".mtime IS DISTINCT FROM EXCLUDED.mtime) THEN NULL
        ELSE "LegacyFile".reason END,
      size = EXCLUDED.size, mtime = EXCLUDED.mtime, "updatedAt" = now()`;
  return { listed: rows.length, unparsed: rows.filter((r) => r.status === "unparsed").length };
}

/** Files of a walked folder that were pending but not listed by this poll: deleted before they could be read. */
export async function markUnlisted(tenantId: string, folderPath: string, pollAt: Date): Promise<number> {
  const prefix = `${folderPath}/`;
  return db().$executeRaw`
    UPDATE "LegacyFile" SET status = 'gone', reason = 'deleted from the export before it could be read', "updatedAt" = now()
    WHERE "tenantId" = ${tenantId} AND left(path, ${prefix.length}) = ${prefix} AND "seenAt" < ${pollAt} AND status = 'pending'`;
}

export function joinPath(...parts: string[]): string {
  return "/" + parts.flatMap((p) => p.split("/")).filter((p) => p.length > 0).join("/");
}
