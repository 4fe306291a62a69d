"use client";
// Replaces the VoiceStream trust token: the new one is shown once, and Five9
// must be updated with it (until then Five9's streams are refused).
import { useState, useTransition } from "react";
import { provisionLiveAudioAction } from "@/lib/actions/install/provision-live-audio";
import { Button } from "@/components/ui/button";
import { CopyField } from "./copy-field";

export function RotateTrustToken({ slug }: { slug: string }) {
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const rotate = () =>
    startTransition(async () => {
      if (!window.confirm("Generate a new trust token? Five9's live audio stops until you enter it in the VoiceStream subscription.")) return;
      setError(null);
      const result = await provisionLiveAudioAction(slug, true);
      if (result.ok) setToken(result.data.trustToken);
      else setError(result.error.message);
    });
  return (
    <div className="space-y-3">
      <Button variant="secondary" onClick={rotate} pending={pending} pendingLabel="Generating…">Rotate trust token</Button>
      {token ? (
        <div className="space-y-2">
          <CopyField id="new-trust-token" label="New trust token" value={token} secret />
          <p className="text-sm text-amber-800">Shown once. Enter it in Five9&apos;s VoiceStream subscription now, then validate it there.</p>
        </div>
      ) : null}
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
