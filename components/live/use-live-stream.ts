"use client";
// The live view's one EventSource per tab: the latest snapshot, levels as
// they come, and the connection's state (loading → live; reconnecting while
// the browser retries; error once it gave up, e.g. signed out).
import { useCallback, useEffect, useState } from "react";
import type { LiveViewLevels, LiveViewSnapshot } from "@/lib/live/live-sse";

export type LiveConnection = "loading" | "live" | "reconnecting" | "error";

export function useLiveStream(slug: string) {
  const [snapshot, setSnapshot] = useState<LiveViewSnapshot | null>(null);
  const [levels, setLevels] = useState<LiveViewLevels>({});
  const [connection, setConnection] = useState<LiveConnection>("loading");
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const source = new EventSource(`/api/tenants/${encodeURIComponent(slug)}/live/events`);
    source.onopen = () => {
      setConnection("live");
      setProblem(null);
    };
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? "error" : "reconnecting");
    source.addEventListener("snapshot", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as LiveViewSnapshot;
      setSnapshot(next);
      setLevels(Object.fromEntries(next.calls.flatMap((c) => c.legs.map((l) => [l.streamSessionId, { level: l.level, state: l.state }]))));
      setConnection("live");
    });
    source.addEventListener("levels", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as LiveViewLevels;
      setLevels((old) => ({ ...Object.fromEntries(Object.entries(old).map(([id, l]) => [id, { ...l, level: 0 }])), ...next }));
    });
    source.addEventListener("problem", (e) => setProblem((JSON.parse((e as MessageEvent<string>).data) as { message: string }).message));
    return () => source.close();
  }, [slug, attempt]);

  const retry = useCallback(() => {
    setConnection("loading");
    setAttempt((n) => n + 1);
  }, []);

  return { snapshot, levels, connection, problem, retry };
}
