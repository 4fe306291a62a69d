import type { Metadata } from "next";
import { StepPanel } from "@/components/install/step-panel";
import { RegionForm } from "@/components/install/region-form";
import { FIVE9_REGIONS, REGION_NAMES } from "@/lib/five9/endpoints";
import { wizardStep } from "../wizard";

export const metadata: Metadata = { title: "Install · Five9 region" };

export default async function RegionStep({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { install } = await wizardStep(slug, "region");
  return (
    <StepPanel title="Where is your Five9 account?" intro="Choose the region where your Five9 account is hosted. Loris connects to one Five9 domain: the one you approve Loris for when you sign in to Five9 in the next step.">
      <RegionForm slug={slug} regions={FIVE9_REGIONS.map((r) => ({ id: r, name: REGION_NAMES[r] }))} region={install?.region ?? "us"} />
    </StepPanel>
  );
}
