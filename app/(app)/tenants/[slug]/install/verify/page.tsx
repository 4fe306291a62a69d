import type { Metadata } from "next";
import { StepPanel } from "@/components/install/step-panel";
import { VerifyStep } from "@/components/install/verify-step";
import { HEALTH_CHECKS } from "@/lib/health/checks";
import { latestHealthRun } from "@/lib/health/run-health-checks";
import { healthRunView } from "@/lib/install/status-views";
import { wizardStep } from "../wizard";

export const metadata: Metadata = { title: "Install · Verify" };

export default async function VerifyStepPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, install } = await wizardStep(slug, "verify");
  const run = await latestHealthRun(tenant.id);
  const expectedChecks = HEALTH_CHECKS.filter((c) => c.appliesTo({ tenant, install })).length;
  const back = install?.dataKinds.includes("live_audio") ? "live-audio" : "campaigns";
  return (
    <StepPanel back={`/tenants/${slug}/install/${back}`} title="Check the connection" intro="Loris tries every part of the connection now — authorization, each Five9 API, the FTP export if you use it, and live audio — and tells you what to fix if something fails.">
      <VerifyStep slug={slug} initialRun={run ? healthRunView(run) : null} expectedChecks={expectedChecks} installed={Boolean(install?.completedAt)} />
    </StepPanel>
  );
}
