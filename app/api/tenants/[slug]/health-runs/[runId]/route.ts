import { tenantRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { healthRunWithResults, latestHealthRun } from "@/lib/health/run-health-checks";
import { healthRunView } from "@/lib/install/status-views";

export const dynamic = "force-dynamic";

/** One health run with the results finished so far ("latest" for the newest); the pages poll it. */
export const GET = tenantRoute(async ({ tenant, params }) => {
  const runId = String(params.runId ?? "");
  if (!/^[a-z0-9]{1,40}$/.test(runId)) throw new AppError("bad_request", "Invalid run id.");
  const run = runId === "latest" ? await latestHealthRun(tenant.id) : await healthRunWithResults(tenant.id, runId);
  if (!run) throw new AppError("not_found");
  return Response.json({ run: healthRunView(run) });
});
