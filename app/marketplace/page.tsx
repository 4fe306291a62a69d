import Link from "next/link";
import type { Metadata } from "next";
import { Logo } from "@/components/ui/logo";
import { REQUIRED_SCOPES } from "@/lib/five9/endpoints";
import { SCOPE_REASONS } from "@/lib/five9/scope-reasons";
import { currentViewer } from "@/lib/auth/page-guard";
import { listingButton } from "@/lib/tenants/listing-button";

export const metadata: Metadata = { title: "Loris on the Five9 marketplace" };
// The main button depends on who is signed in ("Installed — open").
export const dynamic = "force-dynamic";

const FEATURES = [
  { title: "Every conversation, once", text: "Call log, recordings, transcripts, live audio and call events arrive completely and exactly once — also while you move from the FTP export to the APIs." },
  { title: "QA on every call", text: "Scorecards on 100 % of calls instead of a sample, with the moments that matter marked." },
  { title: "Live agent co-pilot", text: "VoiceStream audio in real time: prompts and knowledge while the customer is still on the line." },
  { title: "Health you can see", text: "A status page that checks each part of the connection and tells you what to fix." },
];

const FACTS = [
  ["Publisher", "Loris Labs"],
  ["Category", "Quality management · Analytics"],
  ["Works with", "Five9 VCC (US, CA, EU, IN, UK)"],
  ["Install time", "About 5 minutes"],
  ["Support", "support@loris.example"],
];

export default async function MarketplacePage() {
  const button = await listingButton(await currentViewer());
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-10">
      <nav aria-label="Breadcrumb" className="flex items-center gap-3 text-sm text-slate-500">
        <Link href="/" aria-label="Home"><Logo /></Link>
        <span aria-hidden>/</span>
        <span>Five9 CX Marketplace</span>
      </nav>
      <header className="mt-6 flex flex-wrap items-center gap-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <span aria-hidden className="grid h-20 w-20 place-items-center rounded-2xl bg-gradient-to-br from-brand-500 to-brand-900 text-3xl font-bold text-white shadow">L</span>
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold">Loris — conversation intelligence</h1>
          <p className="text-slate-600">QA scores, coaching and a live agent co-pilot for your Five9 contact center.</p>
          <p className="mt-2 flex flex-wrap gap-2 text-xs">
            <span className="rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-700">Five9 accredited partner</span>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">VoiceStream</span>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">Recordings</span>
          </p>
        </div>
        <Link href={button.href} className="rounded-md bg-brand-600 px-6 py-3 font-medium text-white shadow-sm hover:bg-brand-700">{button.label}</Link>
      </header>

      <div className="mt-8 grid gap-8 lg:grid-cols-[1fr_18rem]">
        <div className="space-y-8">
          <section aria-labelledby="overview" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="overview" className="text-lg font-semibold">What Loris does with your Five9 data</h2>
            <ul className="mt-4 grid gap-4 sm:grid-cols-2">
              {FEATURES.map((f) => (
                <li key={f.title} className="rounded-lg bg-slate-50 p-4">
                  <h3 className="font-medium">{f.title}</h3>
                  <p className="mt-1 text-sm text-slate-600">{f.text}</p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="scopes" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="scopes" className="text-lg font-semibold">What Loris asks for, and why</h2>
            <table className="mt-4 w-full text-left text-sm">
              <caption className="sr-only">Five9 access Loris requests</caption>
              <thead className="text-slate-500"><tr><th scope="col" className="py-2 pr-4 font-medium">Access</th><th scope="col" className="py-2 font-medium">Why</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {REQUIRED_SCOPES.map((s) => (
                  <tr key={s}><td className="py-2 pr-4"><code className="text-xs">{s}</code></td><td className="py-2 text-slate-700">{SCOPE_REASONS[s]}</td></tr>
                ))}
                <tr><td className="py-2 pr-4"><code className="text-xs">VoiceStream subscription</code></td><td className="py-2 text-slate-700">set up by you in Admin Console, to stream live audio for the co-pilot</td></tr>
                <tr><td className="py-2 pr-4"><code className="text-xs">Supervisor user</code></td><td className="py-2 text-slate-700">to download recordings and transcripts of past calls</td></tr>
              </tbody>
            </table>
          </section>
          <section aria-labelledby="security" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="security" className="text-lg font-semibold">Security and data handling</h2>
            <ul className="mt-4 list-disc space-y-2 pl-5 text-sm text-slate-700">
              <li>Credentials and tokens are encrypted at rest (AES-256-GCM, rotating keys) and never shown again after you enter them.</li>
              <li>Authorization uses OAuth with PKCE; Loris asks only for read access, plus the live audio you set up yourself.</li>
              <li>Every action on your connection — install, authorization, credential change, health check, uninstall — is in an audit log you can read.</li>
              <li>Uninstalling revokes Loris&apos;s access at Five9 at once, and lets you delete everything Loris holds.</li>
            </ul>
          </section>
        </div>
        <aside aria-labelledby="facts" className="h-fit rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="facts" className="text-sm font-semibold uppercase tracking-wide text-slate-500">Details</h2>
          <dl className="mt-4 space-y-3 text-sm">
            {FACTS.map(([k, v]) => (
              <div key={k}><dt className="text-slate-500">{k}</dt><dd className="font-medium">{v}</dd></div>
            ))}
          </dl>
        </aside>
      </div>
    </main>
  );
}
