// A Supervisor REST (VCC) session that keeps itself usable for a whole
// ingestion run: logs in (login host → data center named by login), starts the
// supervisor session, and on a 401 mid-run logs in again — first with
// AttachExisting (join whatever session now holds the user: another worker of
// ours, or whoever took it over), and if that token is refused too, ForceIn
// (take the session over). Many downloads share one client; a 401 seen by
// several of them causes one login, not one each. Transient failures (429,
// 5xx, unreachable) are retried here only for small JSON calls: downloads
// handle them themselves so they can resume.
import type { Logger } from "pino";
import type { Five9Region } from "../../five9/endpoints";
import { Five9Error, five9ErrorFromStatus, five9Fetch } from "../../five9/errors";
import { supervisorLogin, type SupervisorCredentials, type SupervisorSession } from "../../five9/supervisor";
import { logger } from "../../log";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "../retry";

/** A non-2xx answer of the data center, with Five9's machine-readable code when it sent one. */
export class SupervisorCallError extends Five9Error {
  constructor(
    status: number,
    readonly code: string | undefined,
    what: string,
    retryAfter: string | null,
  ) {
    const base = five9ErrorFromStatus(status, what, retryAfter);
    super(base.kind, code ? `${base.message} (${code})` : base.message, base.details);
    this.name = "SupervisorCallError";
  }
}

export interface SupervisorClientOptions {
  region: Five9Region;
  credentials: SupervisorCredentials;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
  /** Timeout of one small (JSON) call; downloads pass their own signal. */
  timeoutMs?: number;
}

export interface SupervisorRequest {
  what: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/** 401 codes after which logging in again can help (the simulator's, and a bare 401 from real Five9). */
const RELOGIN_CODES = new Set([undefined, "INVALID_TOKEN", "SESSION_TAKEN_OVER", "LOGGED_OUT", "SESSION_EXPIRED", "WRONG_DATA_CENTER", "FARM_MISMATCH"]);

async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json().catch(() => undefined)) as { code?: unknown } | undefined;
  return typeof body?.code === "string" ? body.code : undefined;
}

export class SupervisorClient {
  private session?: Promise<SupervisorSession>;
  /** The session the last successful login returned. */
  private latest?: SupervisorSession;
  private reloggingIn?: Promise<void>;
  private readonly started = new WeakSet<SupervisorSession>();
  private readonly log: Logger;
  readonly stats = { logins: 0, forcedLogins: 0, sessionStarts: 0 };

  constructor(private readonly options: SupervisorClientOptions) {
    this.log = options.log ?? logger("five9.supervisor");
  }

  /** The live session (logging in on first use). */
  current(): Promise<SupervisorSession> {
    return (this.session ??= this.login("AttachExisting"));
  }

  get retry(): RetryPolicy {
    return { ...DEFAULT_RETRY, ...this.options.retry };
  }

  /**
   * One request on the data center; answers 2xx (206 included) or throws.
   * 401 → log in again and repeat (at most twice, the second time ForceIn);
   * 409 SESSION_NOT_STARTED → start the session and repeat.
   */
  async send(path: string, request: SupervisorRequest): Promise<Response> {
    let authFailures = 0;
    let startRetries = 0;
    for (;;) {
      const session = await this.current();
      const response = (await this.startIfNeeded(session, request.signal)) ?? (await this.raw(session, path, request));
      if (response.ok) return response;
      const code = await errorCode(response);
      if (response.status === 401 && RELOGIN_CODES.has(code) && authFailures < 2) {
        authFailures++;
        this.log.warn({ code, attempt: authFailures }, "Supervisor session refused; logging in again");
        await this.relogin(session, authFailures === 2);
        continue;
      }
      if (response.status === 409 && code === "SESSION_NOT_STARTED" && startRetries < 1) {
        startRetries++;
        this.started.delete(session);
        continue;
      }
      throw new SupervisorCallError(response.status, code, request.what, response.headers.get("retry-after"));
    }
  }

  /** A small JSON call with transient failures retried (backoff + jitter, Retry-After honoured). */
  async json(path: string, request: SupervisorRequest): Promise<unknown> {
    return this.withRetry(request, async () => {
      const signal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs ?? 30_000), ...(request.signal ? [request.signal] : [])]);
      const response = await this.send(path, { ...request, signal });
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Five9Error("bad_response", `${request.what}: Five9's answer is not JSON`);
      }
    });
  }

  async withRetry<T>(request: { what: string; signal?: AbortSignal }, attempt: () => Promise<T>): Promise<T> {
    return withRetry(attempt, {
      ...this.retry,
      signal: request.signal,
      onRetry: (error, failures, delayMs) => {
        this.log.warn({ what: request.what, kind: error.kind, status: error.details.status, failures, delayMs }, "Five9 call failed; retrying");
      },
    });
  }

  private login(policy: "AttachExisting" | "ForceIn"): Promise<SupervisorSession> {
    const pending = this.withRetry({ what: "Supervisor login" }, () => supervisorLogin(this.options.region, this.options.credentials, policy)).then((session) => {
      this.stats.logins++;
      this.latest = session;
      if (policy === "ForceIn") this.stats.forcedLogins++;
      this.log.info({ policy, userId: session.userId, dataCenter: session.apiBase }, "Supervisor logged in");
      return session;
    });
    // A failed login is not kept: the next request tries again.
    pending.catch(() => {
      if (this.session === pending) this.session = undefined;
    });
    return pending;
  }

  /**
   * Logs in again after `failed` was refused, unless a request sharing this
   * client already did (compared by session object, not token: AttachExisting
   * may hand back the same token) or is doing it now.
   */
  private relogin(failed: SupervisorSession, force: boolean): Promise<void> {
    if (!this.reloggingIn && this.latest === failed) {
      this.session = this.login(force ? "ForceIn" : "AttachExisting");
      this.reloggingIn = this.session.then(
        () => undefined,
        () => undefined,
      ).finally(() => (this.reloggingIn = undefined));
    }
    return this.reloggingIn ?? Promise.resolve();
  }

  /** login_state, then session_start unless already WORKING; a failed answer is returned for send() to handle. */
  private async startIfNeeded(session: SupervisorSession, signal?: AbortSignal): Promise<Response | undefined> {
    if (this.started.has(session)) return undefined;
    const base = `/supsvcs/rs/svc/supervisors/${encodeURIComponent(session.userId)}`;
    const state = await this.raw(session, `${base}/login_state`, { what: "Supervisor login state", signal });
    if (!state.ok) return state;
    if ((await state.json().catch(() => undefined)) !== "WORKING") {
      const start = await this.raw(session, `${base}/session_start`, { what: "Supervisor session start", method: "PUT", body: { stationId: "", stationType: "EMPTY" }, signal });
      if (!start.ok) return start;
      await start.body?.cancel();
      this.stats.sessionStarts++;
    }
    this.started.add(session);
    return undefined;
  }

  private raw(session: SupervisorSession, path: string, request: SupervisorRequest): Promise<Response> {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    return five9Fetch(`${session.apiBase}${path}`, {
      method: request.method ?? (body ? "POST" : "GET"),
      headers: { authorization: `Bearer-${session.tokenId}`, farmId: session.farmId, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...request.headers },
      body,
      signal: request.signal ?? AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    }, request.what);
  }
}
