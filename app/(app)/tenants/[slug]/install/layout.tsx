import type { ReactNode } from "react";
import Link from "next/link";
import { pageTenant } from "@/lib/auth/page-guard";
import { installOf } from "@/lib/install/install-record";
import { WIZARD_STEPS, stepIndex } from "@/lib/install/steps";
import { WizardProgress } from "@/components/install/wizard-progress";

export default async function InstallLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const install = await installOf(tenant.id);
  const furthest = install?.completedAt ? WIZARD_STEPS.length - 1 : stepIndex(install?.step ?? "region");
  const liveAudioChosen = !install || install.dataKinds.length === 0 || install.dataKinds.includes("live_audio");
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500"><Link href={`/tenants/${slug}`} className="hover:underline">{tenant.name}</Link> / Install</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">{install?.completedAt ? "Change the Five9 connection" : "Install Loris for Five9"}</h1>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[16rem_1fr]">
        <WizardProgress slug={slug} furthest={furthest} skipped={liveAudioChosen ? [] : ["live_audio"]} />
        <div className="min-w-0">{children}</div>
      </div>
    </div>
  );
}
