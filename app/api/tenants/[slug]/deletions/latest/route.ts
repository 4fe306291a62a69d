import { tenantRoute } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { latestDeletion } from "@/lib/install/status-views";

export const dynamic = "force-dynamic";

/** Progress of the newest data deletion (after an uninstall); the overview polls it. */
export const GET = tenantRoute(async ({ tenant }) => {
  const deletion = await latestDeletion(tenant.id);
  if (!deletion) throw new AppError("not_found", "No data deletion was requested.");
  return Response.json({ deletion });
});
