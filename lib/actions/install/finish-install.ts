"use server";
// Wizard step "verify": finishing the install lands on the overview.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { finishInstall } from "@/lib/install/finish-install";
import { formText } from "../form-field";

export async function finishInstallAction(form: FormData) {
  const slug = formText(form, "slug") ?? "";
  const result = await finishInstall(await cookies(), { slug });
  if (!result.ok) return result;
  redirect(`/tenants/${slug}?installed=1`);
}
