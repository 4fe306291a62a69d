// The listing's Install button lands here: sign in first, then straight into
// the wizard of the admin's workspace (resuming an install in progress).
import { redirect } from "next/navigation";
import { isSupport, tenantsForViewer } from "@/lib/auth/guard";
import { currentViewer } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function InstallEntry() {
  const viewer = await currentViewer();
  if (!viewer) redirect("/signin?callbackUrl=/install");
  if (isSupport(viewer)) redirect("/tenants");
  const { tenants } = await tenantsForViewer(viewer, { take: 2 });
  if (tenants.length === 1) redirect(`/tenants/${tenants[0]!.slug}/install`);
  redirect("/tenants");
}
