import type { Metadata } from "next";
import Link from "next/link";
import { StepPanel } from "@/components/install/step-panel";
import { ChooseDataForm } from "@/components/install/choose-data-form";
import { buttonClass } from "@/components/ui/button";
import { toAppError } from "@/lib/errors";
import { choiceDefaults, liveCampaigns, storedCallsByCampaign } from "@/lib/install/choose-data";
import { DATA_KINDS } from "@/lib/install/steps";
import { wizardStep } from "../wizard";

export const metadata: Metadata = { title: "Install · Campaigns and data" };

async function campaignsOrError(tenantId: string) {
  try {
    return { campaigns: await liveCampaigns(tenantId), error: null };
  } catch (error) {
    return { campaigns: [], error: toAppError(error).userMessage };
  }
}

export default async function CampaignsStep({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, install } = await wizardStep(slug, "campaigns");
  const { campaigns, error } = await campaignsOrError(tenant.id);
  const editing = Boolean(install?.completedAt);
  // The install's choice, or the one made before an uninstall (a reinstall does not reset to "all").
  const defaults = await choiceDefaults(tenant.id);
  return (
    <StepPanel back={editing ? `/tenants/${slug}` : `/tenants/${slug}/install/credentials`} title="What should Loris receive?" intro="Campaigns are listed live from your Five9 domain. Loris receives only the calls of the campaigns you choose, and only the kinds of data you tick.">
      {error ? (
        <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          <p>Loris could not list your campaigns: {error}</p>
          <Link href={`/tenants/${slug}/install/campaigns`} className={buttonClass("secondary")}>Try again</Link>
        </div>
      ) : (
        <ChooseDataForm
          slug={slug}
          editing={editing}
          campaigns={campaigns.map((c) => ({ name: c.name, type: c.type ?? null }))}
          chosen={defaults.campaigns}
          kinds={DATA_KINDS.map((k) => ({ ...k }))}
          chosenKinds={defaults.dataKinds.length ? defaults.dataKinds : DATA_KINDS.map((k) => k.kind)}
          storedByCampaign={editing ? await storedCallsByCampaign(tenant.id) : {}}
        />
      )}
    </StepPanel>
  );
}
