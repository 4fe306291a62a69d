import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/ui/logo";
import { SignInForm } from "@/components/sign-in-form";
import { env } from "@/lib/env";
import { currentViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errorMessages: Record<string, string> = {
  AccessDenied: "Your account is not allowed to sign in here. Ask your Loris administrator to add you.",
  OAuthSignin: "Single sign-on could not start. Try again.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  SessionRequired: "Please sign in to continue.",
};

function safeCallbackUrl(value: string | undefined): string {
  // Only same-site paths: never redirect to another origin after sign-in.
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/tenants";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  if (await currentViewer()) redirect(safeCallbackUrl(params.callbackUrl));
  const e = env();
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center"><Logo className="text-lg" /></div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold">Sign in</h1>
          {params.signedOut ? <p role="status" className="mt-2 text-sm text-emerald-700">You have signed out.</p> : null}
          {params.error && errorMessages[params.error] ? <p role="alert" className="mt-2 text-sm text-red-700">{errorMessages[params.error]}</p> : null}
          <SignInForm callbackUrl={safeCallbackUrl(params.callbackUrl)} sso={e.oidcEnabled ? { id: "oidc", name: e.OIDC_NAME } : null} />
        </div>
      </div>
    </main>
  );
}
