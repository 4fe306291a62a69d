"use client";
// Step e: generate the subscription details (trust token shown once), then
// wait — polling — until a call event or stream with the trust token arrives
// (Five9's check of the event URL alone does not prove Five9 has the right token).
import { useQuery } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { confirmLiveAudioAction } from "@/lib/actions/install/confirm-live-audio";
import { provisionLiveAudioAction } from "@/lib/actions/install/provision-live-audio";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";
import { getJson } from "@/lib/client/get-json";
import type { LiveAudioSetup } from "@/lib/install/live-audio";
import type { LiveAudioView } from "@/lib/install/status-views";
import { CopyField } from "./copy-field";

interface Props { slug: string; initialSetup: LiveAudioSetup | null; initialStatus: LiveAudioView; adminConsoleUrl: string | null; campaigns: string[] }

export function LiveAudioSetupPanel({ slug, initialSetup, initialStatus, adminConsoleUrl, campaigns }: Props) {
  const [setup, setSetup] = useState(initialSetup);
  const [error, setError] = useState<string | null>(null);
  const [generating, startGenerating] = useTransition();
  const confirm = useFormAction(confirmLiveAudioAction);
  const status = useQuery({
    queryKey: ["voicestream", slug],
    queryFn: () => getJson<{ liveAudio: LiveAudioView }>(`/api/tenants/${slug}/voicestream`).then((r) => r.liveAudio),
    initialData: initialStatus,
    refetchInterval: (q) => (q.state.data?.state.proven ? false : 2000),
    enabled: Boolean(setup),
  });
  const generate = (rotate: boolean) =>
    startGenerating(async () => {
      setError(null);
      const result = await provisionLiveAudioAction(slug, rotate);
      if (!result.ok) return setError(result.error.message);
      setSetup(result.data);
      await status.refetch();
    });
  const state = status.data?.state;
  const proven = Boolean(state?.proven);
  const rejected = state?.kind === "rejected";

  if (!setup) {
    return (
      <div className="space-y-3">
        <Button onClick={() => generate(false)} pending={generating} pendingLabel="Generating…">Generate subscription details</Button>
        {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>In Five9&apos;s Admin Console open VoiceStream → Subscriptions → New{adminConsoleUrl ? <> (<a href={adminConsoleUrl} target="_blank" rel="noreferrer" className="text-brand-700 underline">open it</a>)</> : null}.</li>
        <li>Enter the values below; campaigns: {campaigns.length ? campaigns.join(", ") : "all"}.</li>
        <li>Save. This page turns green when the first call event or stream with the trust token reaches Loris (with the next call in a chosen campaign).</li>
      </ol>
      <div className="grid grid-cols-1 gap-4">
        <CopyField id="grpc-endpoint" label="gRPC endpoint" value={setup.grpcEndpoint} />
        <CopyField id="event-url" label="Event URL" value={setup.eventUrl} />
        {setup.trustToken ? (
          <div className="space-y-2">
            <CopyField id="trust-token" label="Trust token" value={setup.trustToken} secret />
            <p className="text-sm text-amber-800">Copy the trust token now: it is shown only once. Loris keeps only its fingerprint.</p>
          </div>
        ) : (
          <p className="text-sm text-slate-600">The trust token was shown when it was generated. Lost it? Generate a new one and update the subscription in Five9.</p>
        )}
      </div>
      <div role="status" aria-live="polite" className={`space-y-1 rounded-md border px-4 py-3 text-sm ${proven ? "border-emerald-200 bg-emerald-50 text-emerald-900" : rejected ? "border-red-200 bg-red-50 text-red-900" : "border-slate-200 bg-slate-50 text-slate-700"}`}>
        <p className="flex items-center gap-3">
          <span aria-hidden className={`h-2.5 w-2.5 shrink-0 rounded-full ${proven ? "bg-emerald-500" : rejected ? "bg-red-500" : "animate-pulse bg-amber-400"}`} />
          {state?.summary ?? "Waiting for Five9…"}
        </p>
        {state?.hint && !proven ? <p className="pl-5">{state.hint}</p> : null}
      </div>
      {status.isError ? <p role="alert" className="text-sm text-red-700">Could not check the subscription: {status.error.message}</p> : null}
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      <form onSubmit={confirm.onSubmit} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="slug" value={slug} />
        <Button type="submit" disabled={!proven} pending={confirm.pending} pendingLabel="Continuing…">Continue</Button>
        <Button variant="secondary" onClick={() => generate(true)} pending={generating} pendingLabel="Generating…">Generate a new trust token</Button>
      </form>
      <FormMessage state={confirm.state} />
    </div>
  );
}
