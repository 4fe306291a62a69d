"use server";
// The Authorize step's API-client form: the Five9 domain id is typed here
// (Connect with Five9 takes it from the grant instead), with the client id
// and secret; on success the browser moves on like the other wizard steps.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connectApiClient } from "@/lib/install/connect-api-client";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

export async function connectApiClientForDomainAction(form: FormData) {
  const slug = text(form, "slug") ?? "";
  const result = await connectApiClient(await cookies(), { slug, domainId: text(form, "domainId"), clientId: text(form, "clientId"), clientSecret: text(form, "clientSecret") });
  if (!result.ok) return result;
  redirect(result.data.reauthorized ? `/tenants/${slug}?reauthorized=1` : `/tenants/${slug}/install/credentials`);
}
