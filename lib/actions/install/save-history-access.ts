"use server";
// Wizard step "history access": Supervisor login and, if ticked, the legacy
// FTP/SFTP export source.
import { cookies } from "next/headers";
import { saveHistoryAccess } from "@/lib/install/save-history-access";
import { formText } from "../form-field";
import { goToStep } from "./go-to-step";

export async function saveHistoryAccessAction(form: FormData) {
  const slug = formText(form, "slug") ?? "";
  const legacyEnabled = form.get("legacyEnabled") === "on";
  const legacy = legacyEnabled
    ? { protocol: formText(form, "legacy.protocol"), host: formText(form, "legacy.host"), port: formText(form, "legacy.port"), username: formText(form, "legacy.username"), password: formText(form, "legacy.password"), folder: formText(form, "legacy.folder") }
    : undefined;
  const result = await saveHistoryAccess(await cookies(), { slug, legacyEnabled, supervisorUsername: formText(form, "supervisorUsername"), supervisorPassword: formText(form, "supervisorPassword"), legacy });
  if (!result.ok) return result;
  goToStep(slug, "campaigns");
}
