import Link from "next/link";
import type { Metadata } from "next";
import { Logo } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Loris on the Five9 marketplace" };

const scopes = [
  { scope: "Call log (read)", why: "to know every call that happened, so nothing is missed" },
  { scope: "Recordings (read)", why: "to analyse what was said, and to repair gaps in live audio" },
  { scope: "Transcripts (read)", why: "to reuse Five9's transcripts when you have them" },
  { scope: "Campaigns (read)", why: "so you can choose which campaigns Loris receives" },
  { scope: "VoiceStream", why: "to receive live audio for the agent co-pilot" },
];

export default function MarketplacePage() {
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-12">
      <Link href="/" aria-label="Home"><Logo /></Link>
      <div className="mt-8 flex flex-wrap items-start gap-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <span aria-hidden className="grid h-16 w-16 place-items-center rounded-2xl bg-brand-600 text-2xl font-bold text-white">L</span>
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-semibold">Loris — conversation intelligence</h1>
          <p className="text-slate-600">QA scores, coaching and a live agent co-pilot for your Five9 contact center.</p>
        </div>
        <Link href="/tenants" className="rounded-md bg-brand-600 px-5 py-2.5 font-medium text-white hover:bg-brand-700">Install</Link>
      </div>
      <section aria-labelledby="scopes" className="mt-8 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="scopes" className="text-lg font-semibold">What Loris asks for, and why</h2>
        <ul className="mt-4 space-y-3">
          {scopes.map((s) => (
            <li key={s.scope} className="text-sm"><span className="font-medium">{s.scope}</span> <span className="text-slate-600">— {s.why}</span></li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="security" className="mt-8 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="security" className="text-lg font-semibold">Security and data handling</h2>
        <ul className="mt-4 list-disc space-y-2 pl-5 text-sm text-slate-700">
          <li>Credentials are encrypted at rest (AES-256-GCM) and never shown again after you enter them.</li>
          <li>Every action on your connection is recorded in an audit log you can read.</li>
          <li>Uninstalling revokes Loris&apos;s access at Five9 and lets you delete the data Loris holds.</li>
        </ul>
      </section>
    </main>
  );
}
