import { z } from "zod";
import { tenantRoute } from "@/lib/auth/guard";
import { LEDGER_DAYS } from "@/lib/bridge/ledger/bridge-view";
import { ledgerCsv, ledgerDays, recentRange, zoneOf } from "@/lib/bridge/ledger/ledger";
import { AppError } from "@/lib/errors";
import { zodMessage } from "@/lib/zod-error";

export const dynamic = "force-dynamic";

const query = z.object({ days: z.coerce.number().int().min(1).max(366).default(LEDGER_DAYS) });

/** The tenant's completeness ledger as CSV: one row per local day, counts per source. `?days=` (1–366, default 30). */
export const GET = tenantRoute(async ({ request, tenant }) => {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError("bad_request", `Invalid days: ${zodMessage(parsed.error, { root: "" })}`);
  const days = await ledgerDays(tenant.id, recentRange(zoneOf(tenant), parsed.data.days));
  return new Response(ledgerCsv(days), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="loris-ledger-${tenant.slug}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
