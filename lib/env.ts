// The only module that reads process.env. Every variable is parsed with zod;
// a missing or malformed one stops the process with a message naming the
// variable and how to fix it. Defaults make `npm run demo` need no setup.
import { z } from "zod";

const DEV_AUTH_SECRET = "dev-only-insecure-secret-change-me-0123456789";
/** Dev/test key (base64 of 32 bytes). Production must set its own. */
const DEV_ENCRYPTION_KEY = "dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzJieXRlcyE=";

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

/** How to fix each variable, printed next to its error. */
const hints: Record<string, string> = {
  DATABASE_URL: "Set DATABASE_URL=postgresql://user:password@host:5432/dbname, or unset it and use `npm run demo` / `npm test`, which start an embedded database.",
  AUTH_SECRET: "Set AUTH_SECRET to a random string of at least 32 characters, e.g. the output of `openssl rand -base64 32`.",
  AUTH_URL: "Set AUTH_URL to the public URL of the web app, e.g. http://localhost:3000.",
  OIDC_ISSUER: "Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together (or none of them) to enable SSO.",
  LOG_LEVEL: "Use one of: fatal, error, warn, info, debug, trace, silent.",
  PORT: "Use a TCP port number between 1 and 65535.",
  SIM_PORT: "Use a TCP port number between 1 and 65535.",
  SIM_SEED: "Use a whole number; the same seed gives the same simulated calls.",
  WORKER_HEALTH_PORT: "Use a TCP port number between 0 and 65535 (0 picks a free port).",
  EMBEDDED_PG_PORT: "Use a TCP port number between 1 and 65535.",
  AUDIT_RETENTION_DAYS: "Use a whole number of days, at least 1.",
  HISTORY_RETENTION_DAYS: "Use a whole number of days, at least 1.",
  WORKER_CONCURRENCY: "Use a whole number from 1 to 32: how many jobs of one kind a worker runs at once.",
  HEALTH_HOST: "Use the address the /healthz endpoints listen on, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (reachable by an orchestrator's probes).",
  ENCRYPTION_KEYS: "Use a comma-separated list of keyId:base64key (32-byte keys); the first one encrypts new secrets.",
  NODE_ENV: "Use development, production or test.",
  FIVE9_BASE_URL: "Set FIVE9_BASE_URL to the Five9 simulator's URL (e.g. http://127.0.0.1:4000), or unset it to use Five9's real hosts.",
  FIVE9_APP_CLIENT_ID: "Set FIVE9_APP_CLIENT_ID and FIVE9_APP_CLIENT_SECRET together: the OAuth client Five9 registered for Loris (needed for “Connect with Five9”).",
  VOICESTREAM_PORT: "Use a TCP port number between 0 and 65535 for the VoiceStream gRPC server (0 picks a free port).",
  VOICESTREAM_HEALTH_PORT: "Use a TCP port number between 0 and 65535 (0 picks a free port).",
  VOICESTREAM_MAX_STREAMS: "Use a whole number from 1 to 100000: how many live streams (one per call leg) one receiver takes before refusing with RESOURCE_EXHAUSTED.",
  VOICESTREAM_CONFIG_TIMEOUT_MS: "Use a whole number of milliseconds from 1000 to 120000: how long a new stream may wait before sending streaming_config.",
  VOICESTREAM_IDLE_TIMEOUT_MS: "Use a whole number of milliseconds from 5000 to 3600000: how long a streaming leg (not on hold, not paused) may send nothing before it is ended.",
  NATS_URL: "Set NATS_URL to a NATS server with JetStream, e.g. nats://127.0.0.1:4222, or unset it to keep the live bus in-process.",
  VOICESTREAM_PUBLIC_ENDPOINT: "Use host:port, the address Five9 should stream live audio to (our VoiceStream gRPC server).",
  BLOB_STORE: "Use fs (files under BLOB_DIR, default DATA_DIR/blobs) or s3 (an S3-compatible bucket: also set S3_BUCKET).",
  BLOB_DIR: "Set BLOB_DIR to a writable folder for recordings, or unset it to use DATA_DIR/blobs.",
  S3_ENDPOINT: "Set S3_ENDPOINT to your S3-compatible server's URL (e.g. http://127.0.0.1:9000 for MinIO), or unset it to use AWS S3.",
  S3_BUCKET: "Set S3_BUCKET to an existing bucket name (3–63 lower-case letters, digits, dots, hyphens).",
  S3_REGION: "Set S3_REGION to the bucket's region, e.g. us-east-1.",
  S3_ACCESS_KEY_ID: "Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither to use the AWS default credential chain (instance role, ~/.aws).",
  OUTBOUND_HOST_ALLOWLIST: "Use a comma-separated list of host names, IP addresses and CIDR ranges (e.g. 127.0.0.1,10.20.0.0/16,ftp.internal.example) that tenants may point Loris at although they are not public.",
  S3_FORCE_PATH_STYLE: "Use true for servers that address buckets by path (MinIO and most emulators), false for AWS.",
};

const port = (fallback: number, min = 1) => z.coerce.number().int().min(min).max(65535).default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgresql:// URL")
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    EMBEDDED_PG_PORT: port(54329),
    PORT: port(3000),
    SIM_PORT: port(4000),
    SIM_SEED: z.coerce.number().int().default(1),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    AUTH_URL: z.url("must be a URL such as http://localhost:3000").optional(),
    OIDC_ISSUER: z.url("must be the issuer URL of your identity provider").optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("Single sign-on"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_PRETTY: booleanFlag.default(false),
    WORKER_HEALTH_PORT: port(3001, 0),
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
    HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    HEALTH_HOST: z.string().regex(/^[A-Za-z0-9.:-]+$/, "must be a host name or IP address").default("127.0.0.1"),
    FIVE9_BASE_URL: z.url("must be a URL such as http://127.0.0.1:4000").optional(),
    FIVE9_APP_CLIENT_ID: z.string().min(1).optional(),
    FIVE9_APP_CLIENT_SECRET: z.string().min(1).optional(),
    VOICESTREAM_PORT: port(50051, 0),
    VOICESTREAM_HEALTH_PORT: port(3002, 0),
    VOICESTREAM_MAX_STREAMS: z.coerce.number().int().min(1).max(100_000).default(2000),
    VOICESTREAM_CONFIG_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
    VOICESTREAM_IDLE_TIMEOUT_MS: z.coerce.number().int().min(5000).max(3_600_000).default(60_000),
    NATS_URL: z.string().regex(/^(nats|tls|wss?):\/\/[^\s]+$/, "must be a URL such as nats://127.0.0.1:4222").optional(),
    VOICESTREAM_PUBLIC_ENDPOINT: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "must be host:port").default("localhost:50051"),
    BLOB_STORE: z.enum(["fs", "s3"]).default("fs"),
    BLOB_DIR: z.string().min(1).optional(),
    S3_ENDPOINT: z.url("must be a URL such as http://127.0.0.1:9000").optional(),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid bucket name").optional(),
    S3_REGION: z.string().regex(/^[a-z0-9-]+$/, "must look like us-east-1").default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: booleanFlag.default(false),
    /** Non-public hosts a tenant may still enter (lib/net/assert-public-host.ts). */
    OUTBOUND_HOST_ALLOWLIST: z
      .string()
      .regex(/^\s*[A-Za-z0-9.:\[\]/-]+\s*(,\s*[A-Za-z0-9.:\[\]/-]+\s*)*$/, "must be a comma-separated list of host names, IP addresses or CIDR ranges")
      .optional(),
    ENCRYPTION_KEYS: z
      .string()
      .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, "must look like keyId:base64key[,keyId:base64key…]")
      .optional(),
  })
  .superRefine((v, ctx) => {
    const oidc = [v.OIDC_ISSUER, v.OIDC_CLIENT_ID, v.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together" });
    }
    if (Boolean(v.FIVE9_APP_CLIENT_ID) !== Boolean(v.FIVE9_APP_CLIENT_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["FIVE9_APP_CLIENT_ID"], message: "FIVE9_APP_CLIENT_ID and FIVE9_APP_CLIENT_SECRET must be set together" });
    }
    if (v.BLOB_STORE === "s3" && !v.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required when BLOB_STORE=s3" });
    }
    if (Boolean(v.S3_ACCESS_KEY_ID) !== Boolean(v.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: "custom", path: ["S3_ACCESS_KEY_ID"], message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together" });
    }
    if (v.NODE_ENV === "production" && !v.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production" });
    }
    if (v.NODE_ENV === "production" && !v.ENCRYPTION_KEYS) {
      ctx.addIssue({ code: "custom", path: ["ENCRYPTION_KEYS"], message: "is required in production" });
    }
  })
  .transform((v) => ({
    ...v,
    AUTH_SECRET: v.AUTH_SECRET ?? DEV_AUTH_SECRET,
    AUTH_URL: v.AUTH_URL ?? `http://localhost:${v.PORT}`,
    ENCRYPTION_KEYS: v.ENCRYPTION_KEYS ?? DEV_ENCRYPTION_KEY,
    oidcEnabled: Boolean(v.OIDC_ISSUER),
    /** Whether the secrets came from the environment rather than the development defaults. */
    secretsConfigured: Boolean(v.AUTH_SECRET) && Boolean(v.ENCRYPTION_KEYS),
  }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string; hint?: string }[]) {
    super(
      "Invalid environment configuration:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.message}.${p.hint ? ` ${p.hint}` : ""}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

/** Parses a set of variables; throws EnvError listing every problem. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      return { variable, message: issue.message, hint: hints[variable] };
    }),
  );
}

let cached: Env | undefined;

/** The parsed environment of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For process entry points: parse now, and exit with a precise message if anything is wrong. */
export function loadEnvOrExit(): Env {
  try {
    return env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** The database URL, or a clear error when none is configured. */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new EnvError([{ variable: "DATABASE_URL", message: "is not set", hint: hints.DATABASE_URL }]);
  return url;
}

/** Sets variables for this process and its children (entry points and test setup use this). */
export function setProcessEnv(vars: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  cached = undefined;
}

/** A copy of this process's variables for a child process, with overrides. */
export function childProcessEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** Whether this process runs under CI (for the test runner's install steps). */
export function isCi(): boolean {
  return process.env.CI === "true" || process.env.CI === "1";
}

