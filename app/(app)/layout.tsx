import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { pageViewer } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const viewer = await pageViewer();
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
