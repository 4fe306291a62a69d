// Which calls a tenant receives: the campaigns its admin chose (by name — the
// install stores the names Five9's REST campaign list shows, and the call
// log's CAMPAIGN column carries the same name). Every path that stores call
// data asks this one rule: the call log sync and backfills (rows), the media
// run (recordings, transcripts), and later live audio and events. An install
// that never reached the campaigns step has no choice recorded: nothing is
// filtered then (the wizard requires at least one campaign, so a finished
// install always has one).
import type { Prisma, PrismaClient } from "@prisma/client";
import { db } from "../db";

type Client = Prisma.TransactionClient | PrismaClient;

export interface CampaignFilter {
  /** True when no choice is recorded: every campaign is taken. */
  readonly all: boolean;
  /** The chosen campaign names (empty when `all`). */
  readonly campaigns: readonly string[];
  /** Does Loris take a call of this campaign? A call without a campaign is taken only when everything is. */
  allows(campaign: string | null | undefined): boolean;
  /** The same rule as a Prisma filter on Call. */
  readonly callWhere: Prisma.CallWhereInput;
}

const normalize = (name: string) => name.trim();

export function campaignFilterOf(chosen: readonly string[] | null | undefined): CampaignFilter {
  const campaigns = [...new Set((chosen ?? []).map(normalize).filter(Boolean))];
  if (campaigns.length === 0) return { all: true, campaigns: [], allows: () => true, callWhere: {} };
  const set = new Set(campaigns);
  return { all: false, campaigns, allows: (campaign) => typeof campaign === "string" && set.has(normalize(campaign)), callWhere: { campaign: { in: campaigns } } };
}

/** The tenant's current campaign choice (read each run: a change applies from the next window on). */
export async function campaignFilterFor(tenantId: string, client: Client = db()): Promise<CampaignFilter> {
  const install = await client.install.findUnique({ where: { tenantId }, select: { campaigns: true } });
  return campaignFilterOf(install?.campaigns);
}
