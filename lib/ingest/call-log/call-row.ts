// One call log row, validated by column name (Five9 may add or move columns:
// unknown ones are kept in `raw` and logged, never a reason to drop a row).
import { z } from "zod";

export const KNOWN_COLUMNS = [
  "CALL ID", "SESSION ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT", "AGENT NAME", "SKILL", "DISPOSITION",
  "ANI", "DNIS", "CUSTOMER NAME", "LENGTH", "TRANSFERS", "HOLDS", "ABANDONED", "RECORDINGS",
] as const;

/** Columns a row cannot be stored without. */
export const REQUIRED_COLUMNS = ["CALL ID", "TIMESTAMP"] as const;

/** Five9 prints this where a call has no agent or skill. */
const NONE = "[None]";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" || v === NONE ? null : v));

const length = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return null;
    const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: "custom", message: `LENGTH "${v}" is not H:MM:SS` });
      return z.NEVER;
    }
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  });

export const callRowSchema = z.object({
  "CALL ID": z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "CALL ID must be 1–64 letters or digits"),
  "SESSION ID": optionalText,
  TIMESTAMP: z.string().min(1, "TIMESTAMP is empty"),
  CAMPAIGN: optionalText,
  "CALL TYPE": optionalText,
  AGENT: optionalText,
  "AGENT NAME": optionalText,
  SKILL: optionalText,
  DISPOSITION: optionalText,
  ANI: optionalText,
  DNIS: optionalText,
  LENGTH: length,
});

export type CallRowFields = z.output<typeof callRowSchema>;

/** A call ready to upsert: times already in UTC. */
export interface CallRecord {
  five9CallId: string;
  sessionId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  campaign: string | null;
  callType: string | null;
  agentUsername: string | null;
  agentName: string | null;
  skill: string | null;
  disposition: string | null;
  ani: string | null;
  dnis: string | null;
  raw: Record<string, string>;
}

export function toCallRecord(fields: CallRowFields, startedAt: number, raw: Record<string, string>): CallRecord {
  return {
    five9CallId: fields["CALL ID"],
    sessionId: fields["SESSION ID"],
    startedAt: new Date(startedAt),
    endedAt: fields.LENGTH === null ? null : new Date(startedAt + fields.LENGTH * 1000),
    durationSeconds: fields.LENGTH,
    campaign: fields.CAMPAIGN,
    callType: fields["CALL TYPE"],
    agentUsername: fields.AGENT,
    agentName: fields["AGENT NAME"],
    skill: fields.SKILL,
    disposition: fields.DISPOSITION,
    ani: fields.ANI,
    dnis: fields.DNIS,
    raw,
  };
}
