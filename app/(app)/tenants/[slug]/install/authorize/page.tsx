import type { Metadata } from "next";
import Link from "next/link";
import { StepPanel } from "@/components/install/step-panel";
import { ApiClientForm } from "@/components/install/api-client-form";
import { ConnectWithFive9 } from "@/components/install/connect-with-five9";
import { buttonClass } from "@/components/ui/button";
import { REQUIRED_SCOPES } from "@/lib/five9/endpoints";
import { marketplaceClient } from "@/lib/five9/oauth";
import { savedConnection } from "@/lib/install/saved-setup";
import { CALLBACK_MESSAGES, type CallbackFailure } from "@/lib/install/five9-authorization";
import { wizardStep } from "../wizard";
import { formatTime } from "@/lib/format-time";

export const metadata: Metadata = { title: "Install · Authorize" };

export default async function AuthorizeStep({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ error?: string }> }) {
  const { slug } = await params;
  const { error } = await searchParams;
  const { tenant, install } = await wizardStep(slug, "authorize");
  const connection = await savedConnection(tenant.id);
  const failure = error && error in CALLBACK_MESSAGES ? CALLBACK_MESSAGES[error as CallbackFailure] : null;
  return (
    <StepPanel back={`/tenants/${slug}/install/region`} title="Let Loris read your Five9 data" intro={install?.five9DomainId ? <>Choose one way to authorize Loris for domain <strong>{install.five9DomainId}</strong>. Loris asks for: {REQUIRED_SCOPES.join(", ")}.</> : <>Choose one way to authorize Loris. With Connect with Five9, Loris connects to the domain you sign in to. Loris asks for: {REQUIRED_SCOPES.join(", ")}.</>}>
      {failure ? (
        <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          <p className="font-semibold">{failure.title}</p>
          <p className="mt-1">{failure.message}</p>
        </div>
      ) : null}
      {connection && connection.state === "active" ? (
        <div role="status" className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          <p>Authorized {connection.grantType === "authorization_code" ? "with Connect with Five9" : `with API client ${connection.clientId}`} on {formatTime(connection.updatedAt)}. You can authorize again below, or continue.</p>
          <Link href={`/tenants/${slug}/install/credentials`} className={buttonClass("primary")}>Continue</Link>
        </div>
      ) : null}
      <div className="grid gap-6 md:grid-cols-2">
        <div className="rounded-lg border border-slate-200 p-5">
          <h3 className="font-semibold">Connect with Five9 <span className="ml-1 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">Recommended</span></h3>
          <p className="mt-1 text-sm text-slate-600">Sign in to Five9 as an administrator of your domain and approve Loris. Nothing to copy or type: Five9 tells Loris which domain you approved.</p>
          <div className="mt-4"><ConnectWithFive9 slug={slug} available={Boolean(marketplaceClient())} /></div>
        </div>
        <div className="rounded-lg border border-slate-200 p-5">
          <h3 className="font-semibold">API client</h3>
          <p className="mt-1 text-sm text-slate-600">Create an API client in Five9&apos;s Admin Console (API Access Control) with the scopes above, then paste its id and secret. Loris checks them with Five9 at once.</p>
          <div className="mt-4"><ApiClientForm slug={slug} domainId={install?.five9DomainId ?? null} /></div>
        </div>
      </div>
    </StepPanel>
  );
}
