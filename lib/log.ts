// Structured logs (pino). Secrets are redacted by key wherever they appear,
// so passing an object that holds a token or password never leaks it.
import pino, { type Logger } from "pino";
import { env } from "./env";

export const REDACTED_KEYS = [
  "password", "passwordHash", "secret", "clientSecret", "client_secret", "token", "accessToken",
  "access_token", "refreshToken", "refresh_token", "idToken", "id_token", "trustToken", "trust_token",
  "authorization", "Authorization", "cookie", "Cookie", "apiKey", "key", "privateKey", "code_verifier",
];

const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`, `req.headers.${k}`]);

export function createLogger(options: { level?: string; destination?: pino.DestinationStream; name?: string } = {}): Logger {
  const level = options.level ?? env().LOG_LEVEL;
  return pino(
    { name: options.name, level, redact: { paths, censor: "[redacted]" }, base: { pid: process.pid } },
    options.destination,
  );
}

let root: Logger | undefined;

/** The process-wide logger; `component` names the part of the product that logs. */
export function logger(component?: string): Logger {
  root ??= createLogger();
  return component ? root.child({ component }) : root;
}

/**
 * Sends the process-wide logs to `destination` at `level` from now on; with
 * no destination, back to the default (stdout, LOG_LEVEL). Tests use it to
 * read what the product logs, e.g. to prove no secret is ever written.
 */
export function redirectLogs(options: { destination?: pino.DestinationStream; level?: string } = {}): void {
  root = options.destination ? createLogger(options) : undefined;
}
