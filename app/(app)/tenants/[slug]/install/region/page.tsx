import type { Metadata } from "next";
import { StepPanel } from "@/components/install/step-panel";
import { RegionForm } from "@/components/install/region-form";
import { FIVE9_REGIONS, REGION_NAMES } from "@/lib/five9/endpoints";
import { wizardStep } from "../wizard";

export const metadata: Metadata = { title: "Install · Five9 domain" };

export default async function RegionStep({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { install } = await wizardStep(slug, "region");
  return (
    <StepPanel title="Which Five9 domain?" intro="Loris connects to one Five9 domain. You find its id in Five9's Admin Console under Domain settings; the region is where your Five9 account is hosted.">
      <RegionForm slug={slug} regions={FIVE9_REGIONS.map((r) => ({ id: r, name: REGION_NAMES[r] }))} region={install?.region ?? "us"} domainId={install?.five9DomainId ?? ""} />
    </StepPanel>
  );
}
