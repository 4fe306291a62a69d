// Loads a wizard step for a page: the viewer must be one of the workspace's
// own admins (support sees the overview instead), and a step can be opened
// only once the steps before it are done — otherwise the admin lands on the
// furthest step reached, which is also how leaving and coming back resumes.
import { redirect } from "next/navigation";
import type { Install } from "@prisma/client";
import { isSupport } from "@/lib/auth/guard";
import { pageTenant } from "@/lib/auth/page-guard";
import { installOf } from "@/lib/install/install-record";
import { canOpen, pathOf, type WizardStep } from "@/lib/install/steps";

export async function wizardStep(slug: string, step: WizardStep) {
  const { viewer, tenant } = await pageTenant(slug);
  if (isSupport(viewer)) redirect(`/tenants/${slug}`);
  const install: Install | null = await installOf(tenant.id);
  if (!canOpen(install, step)) redirect(`/tenants/${slug}/install/${pathOf(install?.step ?? "region")}`);
  return { viewer, tenant, install };
}
