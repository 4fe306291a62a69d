import type { Metadata } from "next";
import { LiveCallView } from "@/components/live/live-call-view";
import { TenantHeader } from "@/components/tenant-header";
import { pageTenant } from "@/lib/auth/page-guard";
import { liveAudioChosenFor } from "@/lib/live/live-calls";

export const metadata: Metadata = { title: "Live" };

export default async function LivePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const chosen = await liveAudioChosenFor(tenant.id);
  return (
    <div className="space-y-6">
      <TenantHeader tenant={tenant} />
      <LiveCallView slug={slug} liveAudioChosen={chosen} />
    </div>
  );
}
