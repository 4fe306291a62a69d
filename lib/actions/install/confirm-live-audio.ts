"use server";
// Wizard step "live audio": the admin says the subscription is set up in Five9.
import { cookies } from "next/headers";
import { confirmLiveAudio } from "@/lib/install/live-audio";
import { formText } from "../form-field";
import { goToStep } from "./go-to-step";

export async function confirmLiveAudioAction(form: FormData) {
  const slug = formText(form, "slug") ?? "";
  const result = await confirmLiveAudio(await cookies(), { slug });
  if (!result.ok) return result;
  goToStep(slug, "verify");
}
