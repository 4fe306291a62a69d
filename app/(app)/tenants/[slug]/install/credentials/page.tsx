import type { Metadata } from "next";
import { StepPanel } from "@/components/install/step-panel";
import { HistoryAccessForm } from "@/components/install/history-access-form";
import { savedHistoryAccess } from "@/lib/install/saved-setup";
import { wizardStep } from "../wizard";

export const metadata: Metadata = { title: "Install · History access" };

export default async function CredentialsStep({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await wizardStep(slug, "credentials");
  const { supervisor, legacy } = await savedHistoryAccess(tenant.id);
  return (
    <StepPanel
      back={`/tenants/${slug}/install/authorize`}
      title="Access to past calls"
      intro="Recordings, transcripts and the call log are read with a Five9 user that has the Supervisor and Administrator roles — ideally one made for Loris. If you still receive Five9's FTP export (V1), add it too: Loris reads it until you switch over, without gaps or duplicates."
    >
      <HistoryAccessForm slug={slug} saved={supervisor ? { username: supervisor.username, verifiedAt: supervisor.verifiedAt?.toISOString() ?? null } : null} legacy={legacy} />
    </StepPanel>
  );
}
