import { tenantRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { callDetail } from "@/lib/ingestion-status/calls";

export const dynamic = "force-dynamic";

export const GET = tenantRoute(async ({ tenant, params }) => {
  const call = await callDetail(tenant.id, String(params.callId ?? ""));
  if (!call) throw new AppError("not_found", "No such call.");
  return Response.json({ call });
});
