"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { renameTenant } from "@/lib/tenants/rename-tenant";
import type { ActionResult } from "@/lib/auth/guard";

export async function renameTenantAction(_previous: ActionResult<{ name: string }> | null, form: FormData) {
  const result = await renameTenant(await cookies(), { slug: form.get("slug"), name: form.get("name") });
  if (result.ok) revalidatePath(`/tenants/${String(form.get("slug"))}`);
  return result;
}
