// Batched upsert of calls on (tenantId, five9CallId): one INSERT … SELECT FROM
// unnest(arrays) … ON CONFLICT DO UPDATE per batch — one statement and one
// round trip for thousands of rows, with a constant parameter count. A row
// whose data did not change is not rewritten (no dead tuple, updatedAt kept).
// A call the live stream (lib/realtime) created first is merged on the same
// key: the call log's values win, but an empty one never erases a known one.
// Field-level merge with the bridge's precedence (lib/bridge/README.md): a
// field a legacy file filled (Call.provenance says `ftp`) is kept while the
// FTP source is authoritative for the call's time (legacy and shadow modes,
// cutover/api before the watermark); otherwise the call log's value replaces
// it and the field's provenance says `api` (the call log took it from a file:
// a rollback gives the file's value back, lib/bridge/modes/remerge-fields.ts).
import { Prisma, type PrismaClient } from "@prisma/client";
import { ftpAuthorityUntilSql } from "../../bridge/modes/bridge-state";
import { db } from "../../db";
import type { CallRecord } from "./call-row";

export const UPSERT_BATCH = 5_000;

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

type Client = Prisma.TransactionClient | PrismaClient;

/** Keeps the last of several rows with one call id (a statement cannot update one row twice). */
function lastPerCall(calls: CallRecord[]): CallRecord[] {
  const byId = new Map<string, CallRecord>();
  for (const call of calls) byId.set(call.five9CallId, call);
  return byId.size === calls.length ? calls : [...byId.values()];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Fields another source may fill (lib/bridge/legacy-matching.ts fills these from a file name). */
const MERGED_FIELDS = [["campaign", "campaign"], ["agentUsername", `"agentUsername"`], ["sessionId", `"sessionId"`]] as const;

/** SET clauses of the merged fields and of provenance; `until`: calls before it take the FTP source as authoritative. */
function mergedSet(until: Prisma.Sql): Prisma.Sql {
  const keep = (name: string) => Prisma.sql`COALESCE(("Call".provenance->>${Prisma.raw(`'${name}'`)}) = 'ftp' AND EXCLUDED."startedAt" < ${until}, false)`;
  const sets = MERGED_FIELDS.map(([name, column]) => Prisma.sql`${Prisma.raw(column)} = CASE WHEN ${keep(name)} THEN "Call".${Prisma.raw(column)} ELSE COALESCE(EXCLUDED.${Prisma.raw(column)}, "Call".${Prisma.raw(column)}) END`);
  const replaced = MERGED_FIELDS.map(([name, column]) => Prisma.sql`CASE WHEN NOT ${keep(name)} AND EXCLUDED.${Prisma.raw(column)} IS NOT NULL THEN ${Prisma.raw(`'${name}'`)} END`);
  // A file's value the call log replaced is marked `api` (not dropped), so a rollback can give the file's value back (lib/bridge/modes/remerge-fields.ts).
  const tookFromFile = MERGED_FIELDS.map(([name, column]) => Prisma.sql`${Prisma.raw(`'${name}'`)}::text, CASE WHEN NOT ${keep(name)} AND EXCLUDED.${Prisma.raw(column)} IS NOT NULL AND "Call".provenance->>${Prisma.raw(`'${name}'`)} IN ('ftp', 'api') THEN 'api' END`);
  return Prisma.sql`${Prisma.join(sets, ", ")}, provenance = ("Call".provenance - array_remove(ARRAY[${Prisma.join(replaced, ", ")}]::text[], NULL)) || jsonb_strip_nulls(jsonb_build_object(${Prisma.join(tookFromFile, ", ")}))`;
}

async function upsertBatch(client: Client, tenantId: string, batch: CallRecord[]): Promise<{ inserted: number; changed: number }> {
  const rows = await client.$queryRaw<{ inserted: bigint; changed: bigint }[]>`
    WITH up AS (
      INSERT INTO "Call" ("tenantId", "five9CallId", "sessionId", "startedAt", "endedAt", "durationSeconds", campaign, "callType",
                          "agentUsername", "agentName", skill, disposition, ani, dnis, raw, "firstSeenAt", "updatedAt")
      SELECT ${tenantId}, u.* , now(), now() FROM unnest(
        ${batch.map((c) => c.five9CallId)}::text[], ${batch.map((c) => c.sessionId)}::text[],
        ${batch.map((c) => iso(c.startedAt))}::timestamp(3)[], ${batch.map((c) => iso(c.endedAt))}::timestamp(3)[],
        ${batch.map((c) => c.durationSeconds)}::int[], ${batch.map((c) => c.campaign)}::text[], ${batch.map((c) => c.callType)}::text[],
        ${batch.map((c) => c.agentUsername)}::text[], ${batch.map((c) => c.agentName)}::text[], ${batch.map((c) => c.skill)}::text[],
        ${batch.map((c) => c.disposition)}::text[], ${batch.map((c) => c.ani)}::text[], ${batch.map((c) => c.dnis)}::text[],
        ${batch.map((c) => JSON.stringify(c.raw))}::jsonb[]
      ) AS u
      ON CONFLICT ("tenantId", "five9CallId") DO UPDATE SET
        ${mergedSet(ftpAuthorityUntilSql(tenantId))}, "startedAt" = EXCLUDED."startedAt",
        "endedAt" = COALESCE(EXCLUDED."endedAt", "Call"."endedAt"), "durationSeconds" = COALESCE(EXCLUDED."durationSeconds", "Call"."durationSeconds"),
        "callType" = COALESCE(EXCLUDED."callType", "Call"."callType"), "agentName" = COALESCE(EXCLUDED."agentName", "Call"."agentName"),
        skill = COALESCE(EXCLUDED.skill, "Call".skill), disposition = COALESCE(EXCLUDED.disposition, "Call".disposition),
        ani = COALESCE(EXCLUDED.ani, "Call".ani), dnis = COALESCE(EXCLUDED.dnis, "Call".dnis), raw = EXCLUDED.raw, "updatedAt" = now()
      WHERE "Call".raw IS DISTINCT FROM EXCLUDED.raw OR "Call"."startedAt" IS DISTINCT FROM EXCLUDED."startedAt"
      RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) AS changed FROM up`;
  return { inserted: Number(rows[0]?.inserted ?? 0), changed: Number(rows[0]?.changed ?? 0) };
}

/** Upserts `calls` for a tenant, in batches, on `client` (pass a transaction to commit with other writes). */
export async function upsertCalls(tenantId: string, calls: CallRecord[], client: Client = db()): Promise<UpsertCounts> {
  const unique = lastPerCall(calls);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < unique.length; i += UPSERT_BATCH) {
    const batch = unique.slice(i, i + UPSERT_BATCH);
    const { inserted, changed } = await upsertBatch(client, tenantId, batch);
    counts.inserted += inserted;
    counts.updated += changed - inserted;
    counts.unchanged += batch.length - changed;
  }
  return counts;
}
