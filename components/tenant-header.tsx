import type { Tenant } from "@prisma/client";
import { StatusBadge } from "./ui/status-badge";
import { TenantTabs } from "./tenant-tabs";

/** The workspace's name, status and section tabs, atop each of its pages. */
export function TenantHeader({ tenant }: { tenant: Pick<Tenant, "name" | "slug" | "status"> }) {
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{tenant.name}</h1>
        <StatusBadge status={tenant.status} />
      </div>
      <TenantTabs slug={tenant.slug} />
    </>
  );
}
