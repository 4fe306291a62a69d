import { tenantRoute } from "@/lib/auth/guard";
import { AUDIT_FILTER_LABELS, auditReason, listTenantAudit, parseAuditFilters } from "@/lib/audit-query";
import { AppError } from "@/lib/errors";
import { zodMessage } from "@/lib/zod-error";

/** One page of the tenant's audit log (filters: action, person, outcome; `after` = the previous page's `next`). */
export const GET = tenantRoute(async ({ request, tenant }) => {
  const parsed = parseAuditFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError("bad_request", `Invalid filter: ${zodMessage(parsed.error, { labels: AUDIT_FILTER_LABELS, root: "" })}`);
  const { entries, next } = await listTenantAudit(tenant.id, parsed.data);
  return Response.json({
    entries: entries.map((e) => ({ id: e.id, action: e.action, actor: e.actorEmail, target: e.target, outcome: e.outcome, reason: auditReason(e), createdAt: e.createdAt.toISOString() })),
    next,
  });
});
