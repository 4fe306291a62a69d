import { tenantRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { CALL_FILTER_LABELS, listCalls, parseCallFilters } from "@/lib/ingestion-status/calls";
import { zodMessage } from "@/lib/zod-error";

export const dynamic = "force-dynamic";

export const GET = tenantRoute(async ({ request, tenant }) => {
  const parsed = parseCallFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError("bad_request", `Invalid filter: ${zodMessage(parsed.error, { labels: CALL_FILTER_LABELS, root: "" })}`);
  return Response.json(await listCalls(tenant.id, parsed.data));
});
