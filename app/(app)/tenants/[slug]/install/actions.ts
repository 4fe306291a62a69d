"use server";
// The install wizard's server actions: each reads its form, calls the step's
// lib function (which validates, checks access and records the audit entry)
// and on success moves the browser to the next step.
import { after } from "next/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/lib/auth/guard";
import { chooseDomain } from "@/lib/install/choose-domain";
import { connectApiClient } from "@/lib/install/connect-api-client";
import { beginFive9Authorization, BINDING_COOKIE, BINDING_COOKIE_PATH, STATE_TTL_MS } from "@/lib/install/five9-authorization";
import { saveHistoryAccess } from "@/lib/install/save-history-access";
import { chooseData } from "@/lib/install/choose-data";
import { confirmLiveAudio, provisionLiveAudio, type LiveAudioSetup } from "@/lib/install/live-audio";
import { finishInstall } from "@/lib/install/finish-install";
import { runHealthChecks } from "@/lib/health/run-checks-action";
import { pathOf } from "@/lib/install/steps";
import type { InstallStep } from "@prisma/client";
import { env } from "@/lib/env";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

function goTo(slug: string, step: InstallStep): never {
  redirect(step === "done" ? `/tenants/${slug}` : `/tenants/${slug}/install/${pathOf(step)}`);
}

export async function chooseDomainAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const result = await chooseDomain(await cookies(), { slug, region: text(form, "region"), domainId: text(form, "domainId") });
  if (!result.ok) return result;
  goTo(slug, "authorize");
}

export async function connectApiClientAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const result = await connectApiClient(await cookies(), { slug, clientId: text(form, "clientId"), clientSecret: text(form, "clientSecret") });
  if (!result.ok) return result;
  if (result.data.reauthorized) redirect(`/tenants/${slug}?reauthorized=1`);
  goTo(slug, "credentials");
}

/** Starts "Connect with Five9": the browser gets the binding cookie, then goes to Five9's consent page. */
export async function startFive9AuthorizationAction(slug: string): Promise<ActionResult<{ url: string }>> {
  const jar = await cookies();
  const result = await beginFive9Authorization(jar, { slug });
  if (!result.ok) return result;
  jar.set(BINDING_COOKIE, result.data.binding, { httpOnly: true, sameSite: "lax", secure: env().AUTH_URL.startsWith("https:"), path: BINDING_COOKIE_PATH, maxAge: STATE_TTL_MS / 1000 });
  return { ok: true, data: { url: result.data.url } };
}

export async function saveHistoryAccessAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const legacyEnabled = form.get("legacyEnabled") === "on";
  const legacy = legacyEnabled
    ? { protocol: text(form, "legacy.protocol"), host: text(form, "legacy.host"), port: text(form, "legacy.port"), username: text(form, "legacy.username"), password: text(form, "legacy.password"), folder: text(form, "legacy.folder") }
    : undefined;
  const result = await saveHistoryAccess(await cookies(), { slug, legacyEnabled, supervisorUsername: text(form, "supervisorUsername"), supervisorPassword: text(form, "supervisorPassword"), legacy });
  if (!result.ok) return result;
  goTo(slug, "campaigns");
}

export async function chooseDataAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const result = await chooseData(await cookies(), { slug, campaigns: form.getAll("campaigns"), dataKinds: form.getAll("dataKinds") });
  if (!result.ok) return result;
  goTo(slug, form.get("returnTo") === "overview" ? "done" : result.data.next);
}

export async function provisionLiveAudioAction(slug: string, rotate: boolean): Promise<ActionResult<LiveAudioSetup>> {
  return provisionLiveAudio(await cookies(), { slug, rotate });
}

export async function confirmLiveAudioAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const result = await confirmLiveAudio(await cookies(), { slug });
  if (!result.ok) return result;
  goTo(slug, "verify");
}

const runChecks = runHealthChecks((work) => after(work));

export async function runChecksAction(slug: string): Promise<ActionResult<{ runId: string }>> {
  return runChecks(await cookies(), { slug });
}

export async function finishInstallAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const result = await finishInstall(await cookies(), { slug });
  if (!result.ok) return result;
  redirect(`/tenants/${slug}?installed=1`);
}
