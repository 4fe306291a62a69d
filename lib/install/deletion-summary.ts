// The words a deletion's summary uses for each kind of row ("289 calls, 72
// recordings, 3 health runs"), shared by the deletion job and the page that
// shows its report (no Prisma here: the page's client component imports it).

/** How a model's rows are called in the deletion summary: [one, many]. */
export const MODEL_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  Call: ["call", "calls"],
  CallRecording: ["recording", "recordings"],
  CallTranscript: ["transcript", "transcripts"],
  StreamSession: ["live audio stream", "live audio streams"],
  LiveAudio: ["live audio file", "live audio files"],
  CallEvent: ["call event", "call events"],
  CallSourceRecord: ["call source record", "call source records"],
  LegacyFile: ["FTP export file", "FTP export files"],
  LegacyFolder: ["FTP export folder", "FTP export folders"],
  BridgeModeChange: ["bridge mode change", "bridge mode changes"],
  HealthRun: ["health run", "health runs"],
  HealthResult: ["health check result", "health check results"],
  DeadLetter: ["stuck item", "stuck items"],
  IngestRun: ["ingestion run", "ingestion runs"],
  Backfill: ["backfill", "backfills"],
  BackfillPart: ["backfill part", "backfill parts"],
  SyncCursor: ["sync position", "sync positions"],
  OAuthState: ["pending Five9 authorization", "pending Five9 authorizations"],
  VoiceStreamSubscription: ["live audio subscription", "live audio subscriptions"],
  LegacyExportSource: ["FTP export setting", "FTP export settings"],
  SupervisorCredential: ["saved Five9 user", "saved Five9 users"],
  Five9Connection: ["Five9 connection", "Five9 connections"],
  Install: ["install record", "install records"],
  recordingFiles: ["recording file", "recording files"],
};

/** "289 calls, 72 recordings, 3 health runs" — the deletion summary in the user's words (zeros left out). */
export function describeCounts(counts: Record<string, number>): string {
  // In the order people think of them (calls first), then anything without words yet.
  const known = Object.keys(MODEL_LABELS).filter((model) => model in counts);
  const parts = [...known, ...Object.keys(counts).filter((model) => !(model in MODEL_LABELS))]
    .map((model) => [model, counts[model]!] as const)
    .filter(([, n]) => n > 0)
    .map(([model, n]) => {
      const [one, many] = MODEL_LABELS[model] ?? [model, model];
      return `${n} ${n === 1 ? one : many}`;
    });
  return parts.length ? parts.join(", ") : "nothing was stored";
}
