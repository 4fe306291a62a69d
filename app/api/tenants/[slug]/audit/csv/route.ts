import { tenantRoute } from "@/lib/auth/guard";
import { AUDIT_FILTER_LABELS, auditCsv, parseAuditFilters } from "@/lib/audit-query";
import { AppError } from "@/lib/errors";
import { zodMessage } from "@/lib/zod-error";

export const dynamic = "force-dynamic";

/** The tenant's audit log as CSV, with the same filters as the Activity page; streamed a page at a time. */
export const GET = tenantRoute(async ({ request, tenant }) => {
  const parsed = parseAuditFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError("bad_request", `Invalid filter: ${zodMessage(parsed.error, { labels: AUDIT_FILTER_LABELS, root: "" })}`);
  const { action, person, outcome } = parsed.data;
  const lines = auditCsv(tenant.id, { action, person, outcome });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="loris-audit-${tenant.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
