// Where the browser goes after a wizard step succeeds: the next step's page,
// or the tenant overview once the install is done.
import { redirect } from "next/navigation";
import type { InstallStep } from "@prisma/client";
import { pathOf } from "@/lib/install/steps";

export function goToStep(slug: string, step: InstallStep): never {
  redirect(step === "done" ? `/tenants/${slug}` : `/tenants/${slug}/install/${pathOf(step)}`);
}
