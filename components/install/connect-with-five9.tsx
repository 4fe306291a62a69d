"use client";
// Starts authorization code + PKCE: the server action prepares the state and
// sets the browser-binding cookie, then the browser goes to Five9's consent page.
import { useState, useTransition } from "react";
import { startFive9AuthorizationAction } from "@/lib/actions/install/start-five9-authorization";
import { Button } from "@/components/ui/button";

export function ConnectWithFive9({ slug, available }: { slug: string; available: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (!available) return <p className="text-sm text-slate-600">Not available on this server (no Five9 app registration). Use an API client.</p>;
  const start = () =>
    startTransition(async () => {
      setError(null);
      const result = await startFive9AuthorizationAction(slug);
      if (result.ok) window.location.assign(result.data.url);
      else setError(result.error.message);
    });
  return (
    <div className="space-y-3">
      <Button onClick={start} pending={pending} pendingLabel="Opening Five9…">Connect with Five9</Button>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
