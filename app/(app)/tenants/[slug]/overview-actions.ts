"use server";
// Actions on the tenant overview that are not wizard steps.
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { uninstall } from "@/lib/install/uninstall";

export async function uninstallAction(form: FormData) {
  const slug = String(form.get("slug") ?? "");
  const result = await uninstall(await cookies(), { slug, data: form.get("data") ?? undefined, confirm: String(form.get("confirm") ?? "") });
  if (result.ok) revalidatePath(`/tenants/${slug}`);
  return result;
}
