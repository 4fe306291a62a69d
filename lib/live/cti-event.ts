// A CTI event as Five9 POSTs it to the event URL (body defined by the
// simulator and docs/five9.md §3, since Five9 publishes none), and what its
// call variables say about the call. Validation is strict where storing
// depends on it (the call id, the event id, the order) and tolerant of
// variables Loris does not know (kept as they came in CallEvent.variables).
import { z } from "zod";

export const CTI_EVENT_TYPES = ["CALL_STARTED", "AGENT_CONNECTED", "CALL_HOLD", "CALL_RESUME", "CALL_TRANSFERRED", "CALL_ENDED"] as const;
export type CtiEventType = (typeof CTI_EVENT_TYPES)[number];

/** Five9's call id, as the stream's `vcc_call_id` carries it: any non-empty string (bounded). */
export const CALL_ID_VARIABLE = "Call.call_id";

export const ctiEventSchema = z.object({
  eventId: z.string().min(1).max(200),
  eventType: z.enum(CTI_EVENT_TYPES),
  timestamp: z.iso.datetime({ offset: true }),
  sequence: z.number().int().positive().max(2_147_483_647),
  subscriptionId: z.string().min(1).max(200),
  domainId: z.string().min(1).max(32),
  callVariables: z
    .record(z.string().max(200), z.string().max(2000))
    .refine((vars) => Object.keys(vars).length <= 200, "carries more than 200 variables")
    .refine((vars) => (vars[CALL_ID_VARIABLE] ?? "").trim().length > 0 && vars[CALL_ID_VARIABLE]!.length <= 200, `must carry ${CALL_ID_VARIABLE} (Five9's call id, 1–200 characters)`),
});

export type CtiEvent = z.output<typeof ctiEventSchema>;

/** What the call variables tell about the Call; empty strings are "not known", never a value. */
export interface CallFacts {
  five9CallId: string;
  sessionId: string | null;
  campaign: string | null;
  callType: string | null;
  skill: string | null;
  agentUsername: string | null;
  agentName: string | null;
  ani: string | null;
  dnis: string | null;
  startedAt: Date | null;
  /** Only on CALL_ENDED. */
  disposition: string | null;
  durationSeconds: number | null;
}

const known = (v: string | undefined) => {
  const t = v?.trim();
  return t && t !== "[None]" ? t : null;
};

function instant(v: string | undefined): Date | null {
  const t = known(v);
  if (!t) return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

function seconds(v: string | undefined): number | null {
  const t = known(v);
  return t && /^\d{1,9}$/.test(t) ? Number(t) : null;
}

export function callFactsOf(event: CtiEvent): CallFacts {
  const v = event.callVariables;
  return {
    five9CallId: v[CALL_ID_VARIABLE]!.trim(),
    sessionId: known(v["Call.session_id"]),
    campaign: known(v["Call.campaign_name"]),
    callType: known(v["Call.type"]),
    skill: known(v["Call.skill_name"]),
    agentUsername: known(v["Agent.user_name"]),
    agentName: known(v["Agent.full_name"]),
    ani: known(v["Call.ANI"]),
    dnis: known(v["Call.DNIS"]),
    startedAt: instant(v["Call.start_timestamp"]),
    disposition: event.eventType === "CALL_ENDED" ? known(v["Call.disposition_name"]) : null,
    durationSeconds: event.eventType === "CALL_ENDED" ? seconds(v["Call.length"]) : null,
  };
}
