// Five9 Supervisor REST (VCC): log in on the login host, then talk only to the
// data center login names (calling anything else gets 401), start a session.
// Used to prove supervisor credentials at install and, later, for recordings.
import { z } from "zod";
import { five9Endpoints, type Five9Region } from "./endpoints";
import { five9ErrorFromStatus, Five9Error, five9Fetch } from "./errors";

export interface SupervisorCredentials {
  username: string;
  password: string;
}

export interface SupervisorSession {
  tokenId: string;
  farmId: string;
  userId: string;
  domainId: string;
  /** Base URL of the data center every later call goes to. */
  apiBase: string;
}

const loginSchema = z.object({
  tokenId: z.string().min(1),
  orgId: z.union([z.string(), z.number()]).transform(String),
  userId: z.union([z.string(), z.number()]).transform(String),
  context: z.object({ farmId: z.union([z.string(), z.number()]).transform(String) }),
  metadata: z.object({
    dataCenters: z.array(z.object({ active: z.boolean().optional(), apiUrls: z.array(z.object({ host: z.string().min(1), port: z.union([z.string(), z.number()]).transform(Number) })).min(1) })).min(1),
  }),
});

function dataCenterBase(loginBase: string, host: string, port: number): string {
  const scheme = new URL(loginBase).protocol;
  const defaultPort = scheme === "https:" ? 443 : 80;
  return `${scheme}//${host}${port && port !== defaultPort ? `:${port}` : ""}`;
}

export async function supervisorLogin(region: Five9Region, credentials: SupervisorCredentials, policy: "AttachExisting" | "ForceIn" = "AttachExisting"): Promise<SupervisorSession> {
  const base = five9Endpoints(region).supervisorBase;
  const what = "Supervisor login";
  const response = await five9Fetch(`${base}/appsvcs/rs/svc/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ passwordCredentials: credentials, appKey: "loris-connector", policy }),
  }, what);
  if (!response.ok) {
    await response.body?.cancel();
    if (response.status === 401) throw new Five9Error("unauthorized", "Five9 did not accept this supervisor username and password", { status: 401 });
    throw five9ErrorFromStatus(response.status, what, response.headers.get("retry-after"));
  }
  const parsed = loginSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new Five9Error("bad_response", `${what}: Five9's answer did not have the expected shape`);
  const login = parsed.data;
  const center = login.metadata.dataCenters.find((d) => d.active !== false) ?? login.metadata.dataCenters[0]!;
  const api = center.apiUrls[0]!;
  return { tokenId: login.tokenId, farmId: login.context.farmId, userId: login.userId, domainId: login.orgId, apiBase: dataCenterBase(base, api.host, api.port) };
}

/** A request on the session's data center, with its token and farm id. */
export async function supervisorRequest(session: SupervisorSession, path: string, init: RequestInit & { what: string }): Promise<Response> {
  const response = await five9Fetch(`${session.apiBase}${path}`, {
    ...init,
    headers: { authorization: `Bearer-${session.tokenId}`, farmId: session.farmId, accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
  }, init.what);
  if (!response.ok && response.status !== 206) {
    await response.body?.cancel();
    throw five9ErrorFromStatus(response.status, init.what, response.headers.get("retry-after"));
  }
  return response;
}

/** login_state, then session_start when the supervisor is not yet working. */
export async function startSupervisorSession(session: SupervisorSession): Promise<void> {
  const statePath = `/supsvcs/rs/svc/supervisors/${encodeURIComponent(session.userId)}/login_state`;
  const state = await (await supervisorRequest(session, statePath, { what: "Supervisor login state" })).json().catch(() => undefined);
  if (state === "WORKING") return;
  const response = await supervisorRequest(session, `/supsvcs/rs/svc/supervisors/${encodeURIComponent(session.userId)}/session_start`, {
    method: "PUT",
    body: JSON.stringify({ stationId: "", stationType: "EMPTY" }),
    what: "Supervisor session start",
  });
  await response.body?.cancel();
}

export async function supervisorLogout(session: SupervisorSession): Promise<void> {
  await supervisorRequest(session, "/appsvcs/rs/svc/auth/logout", { method: "POST", what: "Supervisor logout" })
    .then((r) => r.body?.cancel())
    .catch(() => undefined);
}
