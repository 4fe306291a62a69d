import { z } from "zod";
import { tenantRoute } from "@/lib/auth/guard";
import { listTenantAudit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { inPlainWords, zodMessage } from "@/lib/zod-error";

const query = z.object({
  take: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime().optional(),
});

export const GET = tenantRoute(async ({ request, tenant }) => {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams), { error: inPlainWords });
  if (!parsed.success) throw new AppError("bad_request", `Invalid query: ${zodMessage(parsed.error)}`);
  const entries = await listTenantAudit(tenant.id, { take: parsed.data.take, before: parsed.data.before ? new Date(parsed.data.before) : undefined });
  return Response.json({
    entries: entries.map((e) => ({ id: e.id, action: e.action, actor: e.actorEmail, target: e.target, outcome: e.outcome, createdAt: e.createdAt.toISOString() })),
  });
});
