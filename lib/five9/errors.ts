// What can go wrong talking to Five9, as one error type with a kind the UI
// and the jobs act on (retry, re-authorize, fix credentials, wait).
export const FIVE9_ERROR_KINDS = ["unreachable", "invalid_client", "invalid_grant", "invalid_scope", "unauthorized", "forbidden", "rate_limited", "migrated", "server_error", "bad_response"] as const;

export type Five9ErrorKind = (typeof FIVE9_ERROR_KINDS)[number];

/**
 * The one rule for "retrying will not help until someone changes something":
 * credentials or grant refused, a scope or permission missing, the domain
 * moved to another data center. Jobs stop the tenant's stream on these (with
 * the reason) instead of retrying or filling the dead letters. Transient
 * kinds are retried; `bad_response` is neither (the item is read again, then
 * dead-lettered).
 */
const PERMANENT_KINDS: ReadonlySet<Five9ErrorKind> = new Set(["invalid_client", "invalid_grant", "invalid_scope", "unauthorized", "forbidden", "migrated"]);

export class Five9Error extends Error {
  constructor(
    readonly kind: Five9ErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "Five9Error";
  }

  /** Worth retrying later without anyone changing anything. */
  get transient(): boolean {
    return this.kind === "unreachable" || this.kind === "rate_limited" || this.kind === "server_error";
  }

  /** Retrying cannot fix it: see PERMANENT_KINDS. */
  get permanent(): boolean {
    return PERMANENT_KINDS.has(this.kind);
  }
}

/** Is this a Five9 refusal that retrying cannot fix? The only place that decides it. */
export function isPermanentFive9Error(error: unknown): error is Five9Error {
  return error instanceof Five9Error && error.permanent;
}

/** Five9 refused the grant or credentials themselves (re-authorize / save them again), as opposed to a missing permission. */
export function isCredentialRefusal(error: unknown): error is Five9Error {
  return error instanceof Five9Error && (error.kind === "unauthorized" || error.kind === "invalid_client" || error.kind === "invalid_grant");
}

/** Maps an HTTP status from Five9 to an error; `what` names the call for the message. */
export function five9ErrorFromStatus(status: number, what: string, retryAfter?: string | null): Five9Error {
  if (status === 401) return new Five9Error("unauthorized", `${what}: Five9 refused the credentials (401)`, { status });
  if (status === 403) return new Five9Error("forbidden", `${what}: Five9 denied access (403) — a permission or scope is missing`, { status });
  if (status === 429) {
    const seconds = Number(retryAfter);
    return new Five9Error("rate_limited", `${what}: Five9's rate limit was reached`, { status, retryAfterSeconds: Number.isFinite(seconds) ? seconds : undefined });
  }
  if (status === 435) return new Five9Error("migrated", `${what}: the Five9 domain has been migrated to another data center (435)`, { status });
  if (status >= 500) return new Five9Error("server_error", `${what}: Five9 answered ${status}`, { status });
  return new Five9Error("bad_response", `${what}: Five9 answered ${status}`, { status });
}

/** Network failures (refused, reset, DNS, timeout) as "unreachable". */
export async function five9Fetch(url: string, init: RequestInit & { timeoutMs?: number }, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(init.timeoutMs ?? 15_000) });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new Five9Error("unreachable", `${what}: could not reach Five9 at ${new URL(url).host} (${reason})`);
  }
}
