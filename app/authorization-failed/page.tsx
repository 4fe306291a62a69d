import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { CALLBACK_MESSAGES, type CallbackFailure } from "@/lib/install/five9-authorization";

export const metadata: Metadata = { title: "Authorization failed" };

export default async function AuthorizationFailedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const failure = reason && reason in CALLBACK_MESSAGES ? CALLBACK_MESSAGES[reason as CallbackFailure] : CALLBACK_MESSAGES.unknown_state;
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16">
      <Logo />
      <div role="alert" className="mt-8 rounded-xl border border-red-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold text-red-800">{failure.title}</h1>
        <p className="mt-2 text-sm text-slate-700">{failure.message}</p>
      </div>
      <p className="mt-6 text-sm"><Link href="/tenants" className="text-brand-700 hover:underline">Go to your workspaces</Link></p>
    </main>
  );
}
