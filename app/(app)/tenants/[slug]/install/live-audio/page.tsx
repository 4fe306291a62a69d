import type { Metadata } from "next";
import { StepPanel } from "@/components/install/step-panel";
import { LiveAudioSetupPanel } from "@/components/install/live-audio-setup";
import { env } from "@/lib/env";
import { describeSubscription } from "@/lib/install/live-audio";
import { savedVoiceStreamSubscription } from "@/lib/install/saved-setup";
import { liveAudioView } from "@/lib/install/status-views";
import { wizardStep } from "../wizard";

export const metadata: Metadata = { title: "Install · Live audio" };

export default async function LiveAudioStep({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, install } = await wizardStep(slug, "live_audio");
  const sub = await savedVoiceStreamSubscription(tenant.id);
  const setup = sub && !sub.disabledAt ? describeSubscription(sub, null) : null;
  // With the simulator standing in for Five9, its admin page is where the subscription is created.
  const base = env().FIVE9_BASE_URL;
  const adminConsoleUrl = base ? `${base.replace(/\/$/, "")}/admin/voicestream?domainId=${install?.five9DomainId ?? ""}` : null;
  return (
    <StepPanel
      back={`/tenants/${slug}/install/campaigns`}
      title="Live audio with VoiceStream"
      intro="Five9 streams each call's audio to Loris as it happens, and posts call events to Loris's event URL. Generate the details below, then create a VoiceStream subscription in Five9's Admin Console with them. This step turns green when a call event or stream with the trust token reaches Loris."
    >
      <LiveAudioSetupPanel slug={slug} initialSetup={setup} initialStatus={liveAudioView(sub)} adminConsoleUrl={adminConsoleUrl} campaigns={install?.campaigns ?? []} />
    </StepPanel>
  );
}
