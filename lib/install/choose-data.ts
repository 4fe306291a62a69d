// Step d: which campaigns (as listed live from the tenant's Five9) and which
// kinds of data Loris receives. Also used to edit the choices after install.
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { restAccessFor } from "../five9/connection-tokens";
import { Five9Error } from "../five9/errors";
import { listCampaigns, type Five9Campaign } from "../five9/rest";
import { advanceInstall, requireInstall, requireInstaller } from "./install-record";
import { DATA_KINDS, nextStep } from "./steps";

const kinds = DATA_KINDS.map((k) => k.kind) as [string, ...string[]];

export const chooseDataInput = z.object({
  slug: z.string().min(1),
  campaigns: z.array(z.string().min(1).max(200)).min(1, "Choose at least one campaign").max(1000),
  dataKinds: z.array(z.enum(kinds)).min(1, "Choose at least one kind of data"),
});

/** The tenant's campaigns, live from Five9. */
export async function liveCampaigns(tenantId: string): Promise<Five9Campaign[]> {
  try {
    return await listCampaigns(await restAccessFor(tenantId));
  } catch (error) {
    if (error instanceof Five9Error) throw new AppError("upstream_failed", `${error.message}.`);
    throw error;
  }
}

export const chooseData = tenantAction(chooseDataInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  const install = await requireInstall(tenant);
  const known = new Set((await liveCampaigns(tenant.id)).map((c) => c.name));
  const unknown = input.campaigns.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new AppError("validation_failed", "Some campaigns no longer exist in Five9.", { fields: { campaigns: `Not found in Five9: ${unknown.join(", ")}. Reload the list.` } });
  await db().$transaction(async (tx) => {
    await advanceInstall(install, nextStep("campaigns", input.dataKinds), { campaigns: input.campaigns, dataKinds: input.dataKinds }, tx);
    if (!input.dataKinds.includes("live_audio")) await tx.voiceStreamSubscription.updateMany({ where: { tenantId: tenant.id, disabledAt: null }, data: { disabledAt: new Date() } });
    await recordAudit({ action: install.completedAt ? "install.choices_changed" : "install.choices", tenantId: tenant.id, actor: viewer, details: { campaigns: input.campaigns, dataKinds: input.dataKinds } }, tx);
  });
  return { next: nextStep("campaigns", input.dataKinds) };
});
