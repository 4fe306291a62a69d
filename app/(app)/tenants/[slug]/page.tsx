import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { HealthHistoryChart } from "@/components/health/health-history-chart";
import { HealthPanel } from "@/components/health/health-panel";
import { Five9LeftoversList } from "@/components/install/five9-leftovers";
import { DeletionProgress, UninstallForm } from "@/components/install/uninstall-form";
import { RotateTrustToken } from "@/components/install/rotate-trust-token";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TenantHeader } from "@/components/tenant-header";
import { isSupport } from "@/lib/auth/guard";
import { pageTenant } from "@/lib/auth/page-guard";
import { REGION_NAMES, type Five9Region } from "@/lib/five9/endpoints";
import { HEALTH_CHECKS } from "@/lib/health/checks";
import { DATA_KINDS, WIZARD_STEPS, stepIndex } from "@/lib/install/steps";
import { healthRunView } from "@/lib/install/status-views";
import { tenantOverview } from "@/lib/tenants/tenant-overview";
import { bridgeModeLine } from "@/lib/bridge/modes/mode-line";
import { RenameTenantForm } from "./rename-tenant-form";

export const metadata: Metadata = { title: "Workspace" };


function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return <div><dt className="text-slate-500">{label}</dt><dd className="font-medium break-words">{children}</dd></div>;
}

export default async function TenantPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ installed?: string; reauthorized?: string }> }) {
  const { slug } = await params;
  const notice = await searchParams;
  const { viewer, tenant } = await pageTenant(slug);
  const d = await tenantOverview(tenant.id);
  const installer = !isSupport(viewer);
  const installed = Boolean(d.install?.completedAt);
  const inProgress = d.install && !installed;
  const liveAudio = d.install?.dataKinds.includes("live_audio");
  const expectedChecks = HEALTH_CHECKS.filter((c) => c.appliesTo({ tenant, install: d.install })).length;
  const history = [...d.history].reverse().map((r) => ({ id: r.id, startedAt: r.startedAt.toISOString(), pass: r.results.filter((x) => x.status === "pass").length, warn: r.results.filter((x) => x.status === "warn").length, fail: r.results.filter((x) => x.status === "fail").length }));

  return (
    <div className="space-y-8">
      <TenantHeader tenant={{ ...tenant, status: d.status.status }} />
      {notice.installed && tenant.status === "installed" ? <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">Loris is installed. Conversations from the chosen campaigns now flow in.</p> : null}
      {notice.reauthorized ? <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">Loris was re-authorized with Five9.</p> : null}
      {d.status.status === "needs_reauthorization" ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          <p className="font-semibold">Five9 no longer accepts Loris&apos;s authorization.</p>
          <p className="mt-1">Nothing new arrives until you re-authorize. {installer ? "Choose Re-authorize below and approve Loris again in Five9 (or paste a new API client secret)." : "Ask the workspace's admin to re-authorize."}</p>
        </div>
      ) : null}

      {tenant.status === "uninstalled" ? (
        <div role="status" className="space-y-2 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
          <p>Loris is uninstalled: its access at Five9 was revoked and every credential forgotten.{d.leftovers.some((l) => l.kind === "voicestream_subscription") ? " Loris refuses live audio from the old VoiceStream subscription." : ""} {d.deletion ? "" : "The data Loris already held is kept."} Install again at any time.</p>
          <Five9LeftoversList leftovers={d.leftovers} />
        </div>
      ) : null}
      {!d.install && installer ? (
        <Card id="install" title="Connect your Five9 domain" description={tenant.status === "uninstalled" ? "Reinstalling takes about five minutes; a kept history continues where it stopped." : "Loris is not installed in this workspace yet. The install takes about five minutes."}>
          <Link href={`/tenants/${slug}/install`} className={buttonClass("primary")}>Install Loris</Link>
        </Card>
      ) : null}
      {inProgress ? (
        <Card id="install" title="Install in progress" description={`Next step: ${WIZARD_STEPS[Math.min(stepIndex(d.install!.step), WIZARD_STEPS.length - 1)]?.title}. Loris is not installed until the last step is done.`}>
          {installer ? <Link href={`/tenants/${slug}/install`} className={buttonClass("primary")}>Continue install</Link> : <p className="text-sm text-slate-600">Started by {d.install!.startedBy ?? "an admin"}.</p>}
        </Card>
      ) : null}

      <Card id="connection" title="Connection" actions={installer && d.install ? <Link href={`/tenants/${slug}/install/authorize`} className={buttonClass("secondary")}>Re-authorize</Link> : null}>
        <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <Detail label="Five9 region">{tenant.region ? `${tenant.region.toUpperCase()} · ${REGION_NAMES[tenant.region as Five9Region] ?? ""}` : "Not chosen"}</Detail>
          <Detail label="Five9 domain">{tenant.five9DomainId ?? "Not connected"}</Detail>
          <Detail label="Authorization">{d.status.authorization}</Detail>
          <Detail label="Token renews">{d.status.tokenRenews}</Detail>
          <Detail label="History user">{d.status.historyUser}</Detail>
          <Detail label="FTP export (V1)">{d.status.legacyExport}</Detail>
          <Detail label="Live audio">{d.status.liveAudio}</Detail>
          <Detail label="Data path">{d.status.dataPath} · <Link className="text-brand-700 hover:underline" href={`/tenants/${slug}/bridge`} id="overview-bridge-mode">bridge: {bridgeModeLine(tenant, Boolean(d.legacy))}</Link></Detail>
        </dl>
      </Card>

      {d.install?.campaigns.length ? (
        <Card id="choices" title="What Loris receives" actions={installer && installed ? <Link href={`/tenants/${slug}/install/campaigns`} className={buttonClass("secondary")}>Edit campaigns and data</Link> : null}>
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <Detail label="Campaigns">{d.install.campaigns.join(", ")}</Detail>
            <Detail label="Data">{DATA_KINDS.filter((k) => d.install!.dataKinds.includes(k.kind)).map((k) => k.label).join(", ")}</Detail>
          </dl>
        </Card>
      ) : null}

      {d.install?.grantType ? (
        <Card id="health" title="Health" description="Checked every 15 minutes, and whenever you run the checks.">
          <div className="grid grid-cols-1 gap-8 lg:grid-cols-[1fr_20rem]">
            <HealthPanel slug={slug} initialRun={d.run ? healthRunView(d.run) : null} expectedChecks={expectedChecks} refreshPageOnFinish />
            <div>
              <h3 className="text-sm font-semibold">History</h3>
              <div className="mt-2"><HealthHistoryChart points={history} /></div>
            </div>
          </div>
        </Card>
      ) : null}

      {installer && liveAudio && installed ? (
        <Card id="voicestream" title="Live audio" description="If the trust token leaked or was lost, replace it and enter the new one in Five9.">
          <RotateTrustToken slug={slug} />
        </Card>
      ) : null}

      {d.deletion ? (
        <Card id="deletion" title="Data deletion"><DeletionProgress slug={slug} initial={d.deletion} /></Card>
      ) : null}

      <Card id="settings" title="Settings">
        <RenameTenantForm slug={tenant.slug} name={tenant.name} />
      </Card>

      {installer && d.install ? (
        <Card id="uninstall" title="Uninstall" description="Revokes Loris's access at Five9 and forgets every credential. Loris then refuses the VoiceStream subscription's traffic; Five9 offers no way for Loris to delete the subscription (or an API client), so the result says what to delete in Five9's Admin Console.">
          <UninstallForm slug={slug} />
        </Card>
      ) : null}

      <Card id="audit" title="Audit log" description="The latest of every install, authorization, credential change, health run and uninstall." actions={<Link href={`/tenants/${slug}/activity`} className="text-sm text-brand-700 hover:underline">All activity, filters and CSV →</Link>}>
        <AuditTable entries={d.audit} />
      </Card>
    </div>
  );
}
