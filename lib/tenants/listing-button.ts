// The marketplace listing's main button: "Install" for someone new, and
// "Installed — open" once the signed-in admin's workspace has Loris installed,
// leading to it (or to the list of workspaces when there are several).
import { isSupport, tenantsForViewer, type Viewer } from "../auth/guard";

export async function listingButton(viewer: Viewer | null): Promise<{ label: string; href: string }> {
  if (!viewer || isSupport(viewer)) return { label: "Install", href: "/install" };
  const { tenants, next } = await tenantsForViewer(viewer, { take: 20 });
  const installed = tenants.filter((t) => t.status === "installed" || t.status === "needs_reauthorization");
  if (installed.length === 0) return { label: "Install", href: "/install" };
  return { label: "Installed — open", href: installed.length === 1 && tenants.length === 1 && !next ? `/tenants/${installed[0]!.slug}` : "/tenants" };
}
