"use server";
// Wizard step "campaigns and data"; also used from the overview, which asks to
// come back there (returnTo=overview).
import { cookies } from "next/headers";
import { chooseData } from "@/lib/install/choose-data";
import { formText } from "../form-field";
import { goToStep } from "./go-to-step";

export async function chooseDataAction(form: FormData) {
  const slug = formText(form, "slug") ?? "";
  const result = await chooseData(await cookies(), { slug, campaigns: form.getAll("campaigns"), dataKinds: form.getAll("dataKinds"), storedCalls: formText(form, "storedCalls") });
  if (!result.ok) return result;
  goToStep(slug, form.get("returnTo") === "overview" ? "done" : result.data.next);
}
