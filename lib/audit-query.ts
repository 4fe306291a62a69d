// Reading a tenant's audit log: newest first, keyset-paged, filtered by
// action, person and outcome — for the Activity page, its API and the CSV
// export. What an entry says in words is here too, so the page and the CSV
// agree.
import type { AuditLog, Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "./db";
import { formatTime } from "./format-time";
import { afterCursor, keysetCursorSchema, pageOf } from "./keyset-cursor";
import { inPlainWords } from "./zod-error";

/** The person filter's value for entries no person caused (scheduled checks, the worker). */
export const SYSTEM_ACTOR = "system";

export const auditFiltersSchema = z.strictObject({
  action: z.string().trim().max(100).regex(/^[a-z0-9_.]+$/, "is not an activity Loris records").optional(),
  person: z.string().trim().max(320).optional(),
  outcome: z.enum(["success", "failure"], { error: "must be “success” or “failure”" }).optional(),
  after: keysetCursorSchema.optional(),
  take: z.coerce.number().int().min(1).max(200).default(50),
}, { error: (issue) => (issue.code === "unrecognized_keys" ? `${issue.keys.map((k) => `“${k}”`).join(", ")} ${issue.keys.length > 1 ? "are not filters" : "is not a filter"} of the activity log` : undefined) });
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/** The filters' names as the Activity form shows them, for messages. */
export const AUDIT_FILTER_LABELS: Record<string, string> = { action: "Action", person: "Person", outcome: "Outcome", after: "Page link", take: "Page size" };

/** Empty values mean "any"; everything else is checked, in the person's words. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>) {
  const single = Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "");
  return auditFiltersSchema.safeParse(Object.fromEntries(single), { error: inPlainWords });
}

function whereOf(tenantId: string, f: Omit<AuditFilters, "take">): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [{ tenantId }];
  if (f.action) and.push({ action: f.action });
  if (f.person) and.push(f.person === SYSTEM_ACTOR ? { actorEmail: null } : { actorEmail: { equals: f.person, mode: "insensitive" } });
  if (f.outcome) and.push({ outcome: f.outcome });
  if (f.after) and.push(afterCursor("createdAt", f.after));
  return { AND: and };
}

/** One page of the tenant's audit entries, newest first; `next` is the cursor of the page after. */
export async function listTenantAudit(tenantId: string, filters: Partial<AuditFilters> = {}): Promise<{ entries: AuditLog[]; next: string | null }> {
  const take = Math.min(filters.take ?? 50, 200);
  const rows = await db().auditLog.findMany({ where: whereOf(tenantId, filters), orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: take + 1 });
  const { items, next } = pageOf(rows, take, (e) => e.createdAt);
  return { entries: items, next };
}

/** The actions and people that occur in the tenant's log, for the filter pickers (grouped in the database). */
export async function auditFilterOptions(tenantId: string): Promise<{ actions: string[]; people: string[] }> {
  const [actions, people] = await Promise.all([
    db().auditLog.groupBy({ by: ["action"], where: { tenantId }, orderBy: { action: "asc" }, take: 200 }),
    db().auditLog.groupBy({ by: ["actorEmail"], where: { tenantId, actorEmail: { not: null } }, orderBy: { actorEmail: "asc" }, take: 200 }),
  ]);
  return { actions: actions.map((a) => a.action), people: people.map((p) => p.actorEmail!) };
}

/** Why a failed attempt failed, as recorded (e.g. "denied", "wrong_domain", Five9's answer). */
export function auditReason(entry: Pick<AuditLog, "details">): string | null {
  const details = entry.details;
  if (!details || typeof details !== "object" || Array.isArray(details)) return null;
  const reason = (details as Record<string, unknown>).reason;
  return typeof reason === "string" ? reason : null;
}

const CSV_COLUMNS = ["Time (UTC)", "Person", "Action", "Target", "Outcome", "Reason", "Details"] as const;

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsvRow(entry: AuditLog): string {
  return [formatTime(entry.createdAt, { seconds: true }), entry.actorEmail ?? SYSTEM_ACTOR, entry.action, entry.target ?? "", entry.outcome, auditReason(entry) ?? "", entry.details === null ? "" : JSON.stringify(entry.details)]
    .map(csvCell)
    .join(",");
}

/** Every entry matching the filters as CSV lines (header first), read a page at a time so a long log is never held at once. */
export async function* auditCsv(tenantId: string, filters: Omit<Partial<AuditFilters>, "after" | "take">): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(",")}\r\n`;
  let after: string | undefined;
  do {
    const page = await listTenantAudit(tenantId, { ...filters, after, take: 200 });
    if (page.entries.length) yield page.entries.map((e) => `${auditCsvRow(e)}\r\n`).join("");
    after = page.next ?? undefined;
  } while (after);
}
