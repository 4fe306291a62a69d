"use client";
// The workspace's sections; the current one is marked for screen readers.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function TenantTabs({ slug }: { slug: string }) {
  const pathname = usePathname();
  const tabs = [
    { href: `/tenants/${slug}`, label: "Overview", active: pathname === `/tenants/${slug}` },
    { href: `/tenants/${slug}/ingestion`, label: "Ingestion", active: pathname.startsWith(`/tenants/${slug}/ingestion`) },
    { href: `/tenants/${slug}/live`, label: "Live", active: pathname.startsWith(`/tenants/${slug}/live`) },
    { href: `/tenants/${slug}/calls`, label: "Calls", active: pathname.startsWith(`/tenants/${slug}/calls`) },
    { href: `/tenants/${slug}/bridge`, label: "Bridge", active: pathname.startsWith(`/tenants/${slug}/bridge`) },
    { href: `/tenants/${slug}/activity`, label: "Activity", active: pathname.startsWith(`/tenants/${slug}/activity`) },
  ];
  return (
    <nav aria-label="Workspace" className="overflow-x-auto overflow-y-hidden border-b border-slate-200">
      <ul className="-mb-px flex gap-3 whitespace-nowrap sm:gap-4">
        {tabs.map((t) => (
          <li key={t.href} className="shrink-0">
            <Link href={t.href} aria-current={t.active ? "page" : undefined} className={`inline-block border-b-2 px-1 pb-2 text-sm font-medium ${t.active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}>
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
