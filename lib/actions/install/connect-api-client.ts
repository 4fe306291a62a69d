"use server";
// Wizard step "authorize" (API-client path); a re-authorization from the
// overview goes back there instead of on through the wizard.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connectApiClient } from "@/lib/install/connect-api-client";
import { formText } from "../form-field";
import { goToStep } from "./go-to-step";

export async function connectApiClientAction(form: FormData) {
  const slug = formText(form, "slug") ?? "";
  const result = await connectApiClient(await cookies(), { slug, clientId: formText(form, "clientId"), clientSecret: formText(form, "clientSecret") });
  if (!result.ok) return result;
  if (result.data.reauthorized) redirect(`/tenants/${slug}?reauthorized=1`);
  goToStep(slug, "credentials");
}
