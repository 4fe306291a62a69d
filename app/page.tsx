import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export default function HomePage() {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-8 px-4 py-16">
      <Logo className="text-lg" />
      <div className="space-y-4">
        <h1 className="text-4xl font-semibold tracking-tight">Every Five9 conversation, in Loris.</h1>
        <p className="text-lg text-slate-600">
          Connect your Five9 domain once. Call logs, recordings, transcripts and live audio then reach Loris completely and exactly once —
          including while you move from FTP export to the Five9 APIs and VoiceStream.
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <Link href="/marketplace" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">See the listing</Link>
        <Link href="/signin" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-700 hover:bg-slate-50">Sign in</Link>
      </div>
    </main>
  );
}
