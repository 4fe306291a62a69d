"use server";
// Uninstall from the tenant overview (keep or delete the stored data).
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { uninstall } from "@/lib/install/uninstall";

export async function uninstallAction(form: FormData) {
  const slug = String(form.get("slug") ?? "");
  const result = await uninstall(await cookies(), { slug, data: form.get("data") ?? undefined, confirm: String(form.get("confirm") ?? "") });
  if (result.ok) revalidatePath(`/tenants/${slug}`);
  return result;
}
