// The bridge scenario's data, written straight into the database (no Five9
// traffic: the workspace is not installed, so no worker touches it): a legacy
// export, three UTC days of calls each with an FTP and an API recording, one
// gap, transcripts from both sources on the first day, calls after a recent watermark with an API recording only, and one
// ambiguous legacy file with its two candidate calls.
import { db } from "../lib/db";

const DAY = 86_400_000;

export const BRIDGE_SEED = {
  /** Days before today (UTC) that hold calls, and the calls on each. */
  days: [3, 2, 1],
  callsPerDay: 4,
  /** One call on the day two days back has no recording from any source. */
  gapDay: 2,
  /** Calls in the last few minutes, API recording only (after the watermark the test chooses). */
  recentApiOnly: 2,
  /** On the day three days back every call has an FTP transcript, the first `apiTranscripts` an API one too. */
  transcriptDay: 3,
  apiTranscripts: 2,
} as const;

/** The words each source's transcript says, so a test can tell which one a page shows. */
export const TRANSCRIPT_TEXT = { ftp: "Read from the FTP export.", api: "Fetched from the Five9 API." } as const;

export const utcDay = (daysBack: number, now = Date.now()) => new Date(now - daysBack * DAY).toISOString().slice(0, 10);

export async function seedBridgeScenario(slug: string): Promise<void> {
  const tenant = await db().tenant.update({ where: { slug }, data: { five9TimeZone: "UTC", createdAt: new Date(Date.now() - 30 * DAY) } });
  await db().legacyExportSource.create({ data: { tenantId: tenant.id, protocol: "sftp", host: "127.0.0.1", port: 1, username: "e2e", passwordSealed: "never opened: the workspace is not installed" } });
  const record = async (id: string, startedAt: Date, sources: string[]) => {
    const call = await db().call.create({ data: { tenantId: tenant.id, five9CallId: id, startedAt, raw: {}, campaign: "Sales", agentUsername: "ada", mediaCheckedAt: new Date() } });
    for (const source of sources) await db().callRecording.create({ data: { tenantId: tenant.id, callId: call.id, source, blobKey: `e2e/${id}-${source}.wav`, sha256: "0".repeat(64), bytes: 1000n } });
    return call;
  };
  const candidates: string[] = [];
  for (const back of BRIDGE_SEED.days) {
    const day = utcDay(back);
    for (let i = 0; i < BRIDGE_SEED.callsPerDay; i++) {
      const call = await record(`B${back}-${i}`, new Date(`${day}T12:0${i}:00Z`), ["ftp", "api"]);
      if (back === BRIDGE_SEED.transcriptDay) {
        const sources = i < BRIDGE_SEED.apiTranscripts ? (["ftp", "api"] as const) : (["ftp"] as const);
        for (const source of sources) await db().callTranscript.create({ data: { tenantId: tenant.id, callId: call.id, source, segments: [{ speaker: "agent", startMs: 0, endMs: 1500, text: TRANSCRIPT_TEXT[source] }] } });
      }
      if (back === BRIDGE_SEED.gapDay && i < 2) candidates.push(call.id);
    }
    if (back === BRIDGE_SEED.gapDay) await record(`B${back}-gap`, new Date(`${day}T13:00:00Z`), []);
  }
  for (let i = 0; i < BRIDGE_SEED.recentApiOnly; i++) await record(`R${i}`, new Date(Date.now() - (5 + i) * 60_000), ["api"]);
  await db().legacyFile.create({
    data: {
      tenantId: tenant.id, path: `/Sales/${utcDay(BRIDGE_SEED.gapDay)}/5551234 by ada @ 12_00_30 PM.wav`, kind: "recording", size: 1000n, status: "imported",
      matchState: "ambiguous", localStart: new Date(`${utcDay(BRIDGE_SEED.gapDay)}T12:00:30Z`), campaign: "Sales", agentUsername: "ada", candidates,
    },
  });
}
