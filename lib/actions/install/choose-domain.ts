"use server";
// Wizard step "Five9 domain": reads the form, validates and records through
// lib/install, then moves the browser to the authorize step.
import { cookies } from "next/headers";
import { chooseDomain } from "@/lib/install/choose-domain";
import { formText } from "../form-field";
import { goToStep } from "./go-to-step";

export async function chooseDomainAction(form: FormData) {
  const slug = formText(form, "slug") ?? "";
  const result = await chooseDomain(await cookies(), { slug, region: formText(form, "region"), domainId: formText(form, "domainId") });
  if (!result.ok) return result;
  goToStep(slug, "authorize");
}
