// /tenants/[slug]/install resumes the wizard where the admin left it.
import { redirect } from "next/navigation";
import { pageTenant } from "@/lib/auth/page-guard";
import { installOf } from "@/lib/install/install-record";
import { pathOf } from "@/lib/install/steps";

export default async function InstallPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await pageTenant(slug);
  const install = await installOf(tenant.id);
  redirect(install?.completedAt ? `/tenants/${slug}` : `/tenants/${slug}/install/${pathOf(install?.step ?? "region")}`);
}
