// Step d: which campaigns (as listed live from the tenant's Five9) and which
// kinds of data Loris receives. Also used to edit the choices after install:
// a change applies from the next read on (lib/ingest/campaign-filter.ts); the
// calls already stored from campaigns now unticked are kept, or deleted by a
// job, as the admin chooses. A reinstall starts from the earlier choice.
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { restAccessFor } from "../five9/connection-tokens";
import { Five9Error } from "../five9/errors";
import { listCampaigns, type Five9Campaign } from "../five9/rest";
import { campaignFilterOf } from "../ingest/campaign-filter";
import { forgetCampaignCallsContract } from "../jobs/contracts";
import { enqueueFromWeb } from "../jobs/web-queue";
import { advanceInstall, requireInstall, requireInstaller } from "./install-record";
import { DATA_KINDS, nextStep } from "./steps";

const kinds = DATA_KINDS.map((k) => k.kind) as [string, ...string[]];

/** The audit entries that record a choice (and are read back as the default of a reinstall). */
export const CHOICE_ACTIONS = { first: "install.choices", changed: "install.choices_changed" } as const;

export const chooseDataInput = z.object({
  slug: z.string().min(1),
  campaigns: z.array(z.string().min(1).max(200)).min(1, "Choose at least one campaign").max(1000),
  dataKinds: z.array(z.enum(kinds)).min(1, "Choose at least one kind of data"),
  /** Calls already stored from campaigns now unticked: keep them (default) or delete them. */
  storedCalls: z.enum(["keep", "delete"], { message: "Choose whether to keep or delete the calls already stored" }).optional(),
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

const recordedChoice = z.object({ campaigns: z.array(z.string()).min(1), dataKinds: z.array(z.string()).min(1) });

/**
 * What the campaigns step starts from: the install's choice, else the last
 * choice recorded for this workspace (a reinstall after an uninstall), else
 * nothing (the form then ticks every campaign).
 */
export async function choiceDefaults(tenantId: string): Promise<{ campaigns: string[]; dataKinds: string[] }> {
  const install = await db().install.findUnique({ where: { tenantId }, select: { campaigns: true, dataKinds: true } });
  if (install?.campaigns.length) return { campaigns: install.campaigns, dataKinds: install.dataKinds };
  const last = await db().auditLog.findFirst({ where: { tenantId, action: { in: Object.values(CHOICE_ACTIONS) }, outcome: "success" }, orderBy: { createdAt: "desc" }, select: { details: true } });
  const parsed = recordedChoice.safeParse(last?.details);
  return parsed.success ? parsed.data : { campaigns: [], dataKinds: install?.dataKinds ?? [] };
}

/** Stored calls the new choice no longer takes, per campaign (calls without a campaign are left alone). */
async function storedOutside(tenantId: string, chosen: string[]): Promise<{ campaign: string; calls: number }[]> {
  const filter = campaignFilterOf(chosen);
  const groups = await db().call.groupBy({ by: ["campaign"], where: { tenantId, campaign: { not: null, notIn: filter.campaigns as string[] } }, _count: { _all: true } });
  return groups.filter((g) => g.campaign !== null).map((g) => ({ campaign: g.campaign!, calls: g._count._all }));
}

export const chooseData = tenantAction(chooseDataInput, async ({ viewer, tenant, input }) => {
  requireInstaller(viewer);
  const install = await requireInstall(tenant);
  const known = new Set((await liveCampaigns(tenant.id)).map((c) => c.name));
  const unknown = input.campaigns.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new AppError("validation_failed", "Some campaigns no longer exist in Five9.", { fields: { campaigns: `Not found in Five9: ${unknown.join(", ")}. Reload the list.` } });
  const outside = await storedOutside(tenant.id, input.campaigns);
  const storedCalls = outside.length > 0 ? (input.storedCalls ?? "keep") : null;
  await db().$transaction(async (tx) => {
    await advanceInstall(install, nextStep("campaigns", input.dataKinds), { campaigns: input.campaigns, dataKinds: input.dataKinds }, tx);
    if (!input.dataKinds.includes("live_audio")) await tx.voiceStreamSubscription.updateMany({ where: { tenantId: tenant.id, disabledAt: null }, data: { disabledAt: new Date() } });
    await recordAudit({ action: install.completedAt ? CHOICE_ACTIONS.changed : CHOICE_ACTIONS.first, tenantId: tenant.id, actor: viewer, details: { campaigns: input.campaigns, dataKinds: input.dataKinds, ...(storedCalls ? { storedCalls, unticked: outside } : {}) } }, tx);
  });
  if (storedCalls === "delete") {
    await enqueueFromWeb(forgetCampaignCallsContract, { tenantId: tenant.id, campaigns: outside.map((o) => o.campaign), requestedBy: viewer.email });
  }
  return { next: nextStep("campaigns", input.dataKinds), unticked: outside, storedCalls };
});

/** Calls stored per campaign, for the edit form (what unticking a campaign leaves behind). */
export async function storedCallsByCampaign(tenantId: string): Promise<Record<string, number>> {
  const groups = await db().call.groupBy({ by: ["campaign"], where: { tenantId, campaign: { not: null } }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.campaign!, g._count._all]));
}
