// Command-line options of the conformance suite, validated with zod. --quick
// shortens every wait that is about endurance (hold, long call, ping flood,
// silent stream) so the whole suite runs in well under a minute; the full
// run uses Five9's real figures (25 s hold, 5 min call, pings every 10 s).
import { parseArgs } from "node:util";
import { z } from "zod";

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  target: z.string({ error: "is required (the receiver's host:port)" }).regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, "must be host:port"),
  token: z.string({ error: "is required (the subscription's trust token)" }).min(1, "is required (the subscription's trust token)"),
  subscription: z.string({ error: "is required (the Five9 subscription id the receiver knows)" }).min(1, "is required (the Five9 subscription id the receiver knows)"),
  domain: z.string({ error: "is required (the Five9 domain id of that subscription)" }).min(1, "is required (the Five9 domain id of that subscription)"),
  campaign: z.string().min(1).default("Conformance"),
  unchosenCampaign: z.string().min(1).optional(),
  tls: z.boolean().default(false),
  quick: z.boolean().default(false),
  junit: z.string().min(1).optional(),
  only: z.array(z.string().min(1)).optional(),
  startTimeoutMs: positiveInt.default(5000),
  endTimeoutMs: positiveInt.default(10_000),
  holdMs: positiveInt.optional(),
  holdStatusMs: positiveInt.default(20_000),
  pacedMs: positiveInt.optional(),
  longCallMs: positiveInt.optional(),
  pingMs: positiveInt.optional(),
  pingDurationMs: positiveInt.optional(),
  silentMs: positiveInt.optional(),
  halfOpen: positiveInt.optional(),
  legs: positiveInt.optional(),
});

export interface SuiteOptions {
  target: string;
  token: string;
  subscription: string;
  domain: string;
  campaign: string;
  unchosenCampaign?: string;
  tls: boolean;
  quick: boolean;
  junit?: string;
  only?: string[];
  /** Five9 gives up on a stream without SRV_REQ_START_STREAMING after this long. */
  startTimeoutMs: number;
  /** How long the receiver gets to end its side after our half-close. */
  endTimeoutMs: number;
  holdMs: number;
  /** Longest silence allowed from the receiver while the call is on hold. */
  holdStatusMs: number;
  pacedMs: number;
  longCallMs: number;
  pingMs: number;
  pingDurationMs: number;
  silentMs: number;
  halfOpen: number;
  /** Legs opened at once in the START latency case. */
  legs: number;
}

export type SuiteInput = z.input<typeof schema>;

/** Validates and fills in defaults (full or --quick). Throws Error with every problem listed. */
export function resolveOptions(input: SuiteInput): SuiteOptions {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${String(i.path[0] ?? "?").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${i.message}`);
    throw new Error(`Invalid options:\n${lines.join("\n")}`);
  }
  const o = parsed.data;
  const q = o.quick;
  return {
    ...o,
    holdMs: o.holdMs ?? (q ? 3000 : 25_000),
    pacedMs: o.pacedMs ?? (q ? 2000 : 20_000),
    longCallMs: o.longCallMs ?? (q ? 5000 : 300_000),
    pingMs: o.pingMs ?? (q ? 500 : 10_000),
    pingDurationMs: o.pingDurationMs ?? (q ? 3000 : 45_000),
    silentMs: o.silentMs ?? (q ? 3000 : 30_000),
    halfOpen: o.halfOpen ?? (q ? 100 : 1000),
    legs: o.legs ?? (q ? 10 : 50),
  };
}

export const USAGE = `Usage: npm run voicestream:conformance -- --target host:port --token <trust token> --subscription <id> --domain <id>
  [--campaign <name>] [--unchosen-campaign <name>] [--tls] [--quick] [--junit out.xml] [--only case,case…] [--list]
  timings (ms): [--start-timeout-ms 5000] [--end-timeout-ms 10000] [--hold-ms] [--hold-status-ms 20000] [--paced-ms]
                [--long-call-ms] [--ping-ms] [--ping-duration-ms] [--silent-ms]
  counts: [--half-open] [--legs]`;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const STRING_OPTIONS = ["target", "token", "subscription", "domain", "campaign", "unchosenCampaign", "junit", "only", "startTimeoutMs", "endTimeoutMs", "holdMs", "holdStatusMs", "pacedMs", "longCallMs", "pingMs", "pingDurationMs", "silentMs", "halfOpen", "legs"] as const;

/** argv → raw input (still to be validated) plus the --list / --help switches. */
export function parseCommandLine(argv: string[]): { input: SuiteInput; list: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(STRING_OPTIONS.map((n) => [kebab(n), { type: "string" as const }])),
      tls: { type: "boolean" },
      quick: { type: "boolean" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const input: Record<string, unknown> = { tls: values.tls ?? false, quick: values.quick ?? false };
  for (const name of STRING_OPTIONS) {
    const v = (values as Record<string, string | boolean | undefined>)[kebab(name)];
    if (typeof v === "string") input[name] = name === "only" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v;
  }
  return { input: input as SuiteInput, list: values.list === true, help: values.help === true };
}
