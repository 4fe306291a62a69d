// The install wizard's steps, in order, and which of them an admin may open:
// any step up to the furthest one reached (back and forward both work;
// nothing past what has been completed).
import type { Install, InstallStep } from "@prisma/client";

export const WIZARD_STEPS = [
  { step: "region", path: "region", title: "Five9 region", summary: "Where your account is hosted" },
  { step: "authorize", path: "authorize", title: "Authorize", summary: "Let Loris read your Five9 data" },
  { step: "credentials", path: "credentials", title: "History access", summary: "Supervisor login and FTP export" },
  { step: "campaigns", path: "campaigns", title: "Campaigns and data", summary: "What Loris receives" },
  { step: "live_audio", path: "live-audio", title: "Live audio", summary: "VoiceStream subscription" },
  { step: "verify", path: "verify", title: "Verify", summary: "Health checks" },
] as const satisfies readonly { step: InstallStep; path: string; title: string; summary: string }[];

export type WizardStep = (typeof WIZARD_STEPS)[number]["step"];

export const DATA_KINDS = [
  { kind: "call_log", label: "Call log", description: "Every call: who, when, campaign, agent, disposition." },
  { kind: "recordings", label: "Recordings", description: "Call audio (WAV), for analysis and QA." },
  { kind: "transcripts", label: "Transcripts", description: "Five9 transcripts, when your domain has them." },
  { kind: "live_audio", label: "Live audio", description: "Real-time audio and call events via VoiceStream, for the agent co-pilot." },
] as const;
export type DataKind = (typeof DATA_KINDS)[number]["kind"];

export function stepIndex(step: InstallStep): number {
  const index = WIZARD_STEPS.findIndex((s) => s.step === step);
  return index < 0 ? WIZARD_STEPS.length : index;
}

export function stepByPath(path: string) {
  return WIZARD_STEPS.find((s) => s.path === path);
}

export function pathOf(step: InstallStep): string {
  return WIZARD_STEPS.find((s) => s.step === step)?.path ?? "verify";
}

/** May the admin open `step`, given how far the install has got? */
export function canOpen(install: Pick<Install, "step"> | null, step: InstallStep): boolean {
  return stepIndex(step) <= stepIndex(install?.step ?? "region");
}

/** The step after `step` for these choices (live audio is skipped when not chosen). */
export function nextStep(step: WizardStep, dataKinds: readonly string[]): InstallStep {
  const index = stepIndex(step);
  const next = WIZARD_STEPS[index + 1]?.step ?? "done";
  if (next === "live_audio" && !dataKinds.includes("live_audio")) return "verify";
  return next;
}

/** Moves the furthest step forward, never back (going back to edit keeps later progress). */
export function furthest(current: InstallStep, candidate: InstallStep): InstallStep {
  return stepIndex(candidate) > stepIndex(current) ? candidate : current;
}
