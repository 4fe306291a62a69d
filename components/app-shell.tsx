import Link from "next/link";
import type { ReactNode } from "react";
import type { Viewer } from "@/lib/auth/session";
import { Logo } from "./ui/logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** Navigation entries by role: support sees every tenant and the support console. */
export function navigationFor(viewer: Viewer): { href: string; label: string }[] {
  if (viewer.role === "support") {
    return [
      { href: "/support", label: "Support console" },
      { href: "/tenants", label: "All tenants" },
      { href: "/marketplace", label: "Marketplace listing" },
    ];
  }
  return [
    { href: "/tenants", label: "My tenants" },
    { href: "/marketplace", label: "Marketplace listing" },
  ];
}

export function AppShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/tenants" aria-label="Loris for Five9 home">
            <Logo />
          </Link>
          <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
            <NavLinks items={navigationFor(viewer)} />
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="hidden text-right sm:block">
              <span className="block font-medium text-slate-900">{viewer.name}</span>
              <span className="block text-xs text-slate-500" data-testid="viewer-role">
                {viewer.role === "support" ? "Loris support" : "Customer admin"}
              </span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
