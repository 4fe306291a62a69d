// Re-merging call fields when a mode change moves the authority for some
// calls (lib/bridge/README.md, "One call, many sources"). A legacy file fills
// a field the call log lacked (Call.provenance says `ftp`); the call log's
// upsert keeps that value while FTP is authoritative and takes its own value
// once the API is (provenance then says `api`: the call log replaced a file's
// value). A mode change runs this in its transaction, after writing the mode:
// - calls FTP is authoritative for again (rollback): a field the call log
//   took from a file gets the file's value back (provenance `ftp`);
// - calls the API became authoritative for (cutover): a field a file filled
//   takes the call log's value where the call log has one (provenance `api`).
// One statement over the tenant's calls with an `ftp` source record.
import { Prisma } from "@prisma/client";
import { ftpAuthorityUntilSql } from "./bridge-state";

type Client = Prisma.TransactionClient;

/** Merged fields: the Call column, and the call log column that carries it (Call.raw). */
const FIELDS = [
  ["campaign", "campaign", "CAMPAIGN"],
  ["agentUsername", `"agentUsername"`, "AGENT"],
  ["sessionId", `"sessionId"`, "SESSION ID"],
] as const;

export async function remergeFields(tenantId: string, client: Client): Promise<number> {
  const ftpAuthoritative = Prisma.sql`c."startedAt" < ${ftpAuthorityUntilSql(tenantId)}`;
  // The call log's own value: Five9 prints "[None]" where a call has no agent.
  const logValue = (rawKey: string) => Prisma.sql`NULLIF(NULLIF(c.raw->>${rawKey}, ''), '[None]')`;
  const takeFile = (name: string) => Prisma.sql`(${ftpAuthoritative} AND c.provenance->>${name} = 'api' AND f.fields->>${name} IS NOT NULL)`;
  const takeLog = (name: string, rawKey: string) => Prisma.sql`(NOT ${ftpAuthoritative} AND c.provenance->>${name} = 'ftp' AND ${logValue(rawKey)} IS NOT NULL)`;
  const sets = FIELDS.map(([name, column, rawKey]) => Prisma.sql`${Prisma.raw(column)} = CASE WHEN ${takeFile(name)} THEN f.fields->>${name} WHEN ${takeLog(name, rawKey)} THEN ${logValue(rawKey)} ELSE c.${Prisma.raw(column)} END`);
  const provenance = FIELDS.map(([name, , rawKey]) => Prisma.sql`${name}::text, CASE WHEN ${takeFile(name)} THEN 'ftp' WHEN ${takeLog(name, rawKey)} THEN 'api' END`);
  const any = FIELDS.map(([name, , rawKey]) => Prisma.sql`${takeFile(name)} OR ${takeLog(name, rawKey)}`);
  return client.$executeRaw`
    UPDATE "Call" c SET ${Prisma.join(sets, ", ")},
      provenance = c.provenance || jsonb_strip_nulls(jsonb_build_object(${Prisma.join(provenance, ", ")})), "updatedAt" = now()
    FROM (
      SELECT DISTINCT ON (r."callId") r."callId", r.fields FROM "CallSourceRecord" r
      WHERE r."tenantId" = ${tenantId} AND r.source = 'ftp' ORDER BY r."callId", r."updatedAt" DESC
    ) f
    WHERE c.id = f."callId" AND c."tenantId" = ${tenantId} AND (${Prisma.join(any, " OR ")})`;
}
