// Supervisor REST (VCC) as the connector meets it when it fetches recordings
// and transcripts: login on the main host, then every call on the data center
// that login names (`metadata.dataCenters[].apiUrls`) with `Authorization:
// Bearer-<tokenId>` and a `farmId` header. Five9's known failure modes are
// reproduced: 401 on the wrong data center, 435 for a migrated domain, and a
// session taken over by a later `ForceIn` login. Endpoints: sim/supervisor/README.md.
import { z } from "zod";
import { jsonBody, sendJson, type RouteContext, type Router } from "../http/router";
import type { FaultRegistry } from "../http/faults";
import type { SimDomain, SimUser } from "../world/domains";
import { transcriptFor } from "../world/transcript";
import type { SimCall, SimClock } from "../world/types";
import type { SimWorld } from "../world/world";
import { recordingItem, RecordingViewStore } from "./recording-views";
import { SupervisorSessionStore, type EndReason, type SupervisorSession } from "./sessions";
import { DOMAIN_MIGRATED_STATUS, sendSupervisorError, SupervisorError, type SupervisorErrorCode } from "./supervisor-error";
import { sendWav } from "./wav-download";

export interface SupervisorDeps {
  world: SimWorld;
  faults: FaultRegistry;
  clock: SimClock;
  /** Where logins must continue: the data center's `host:port` (a second listener of the simulator). */
  dataCenter: () => { host: string; port: number };
  /** `context.farmId` of every login (default "3000000000000000021"). */
  farmId?: string;
  /** Simulated seconds without a request after which a session ends (default 1800). */
  sessionIdleSeconds?: number;
  /** Simulated seconds without a `/next` after which a recording view is dropped (default 600). */
  viewIdleSeconds?: number;
}

export const LOGIN_PATH = "/appsvcs/rs/svc/auth/login";
export const LOGOUT_PATH = "/appsvcs/rs/svc/auth/logout";
const SUPERVISORS = "/supsvcs/rs/svc/supervisors";
const ROUTE_KEY = "SIM-DC1";

const isoInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const schemas = {
  login: z.object({
    passwordCredentials: z.object({ username: z.string().min(1), password: z.string().min(1) }),
    appKey: z.string().min(1),
    policy: z.enum(["AttachExisting", "ForceIn"]),
  }),
  sessionStart: z.object({ stationId: z.string().optional(), stationType: z.enum(["EMPTY", "SOFTPHONE", "PSTN", "GATEWAY"]) }),
  recordingView: z.object({
    from: isoInstant,
    to: isoInstant,
    campaigns: z.array(z.string().min(1)).optional(),
    pageSize: z.number().int().min(1).max(100).default(100),
  }),
};

const ENDED: Record<EndReason, { code: SupervisorErrorCode; message: string }> = {
  taken_over: { code: "SESSION_TAKEN_OVER", message: "This session was taken over by another login of the same user (policy ForceIn); log in again" },
  logged_out: { code: "LOGGED_OUT", message: "This session was logged out; log in again" },
  expired: { code: "SESSION_EXPIRED", message: "This session expired after inactivity; log in again" },
};

type SessionHandler = (ctx: RouteContext, session: SupervisorSession, domain: SimDomain) => Promise<void> | void;

function migrated(domain: SimDomain): SupervisorError {
  return new SupervisorError(DOMAIN_MIGRATED_STATUS, "DOMAIN_MIGRATED", `Domain ${domain.name} (${domain.id}) has been migrated to another data center; log in again at the login host to be sent there`);
}

/** Answers SupervisorErrors (and 400s from body parsing) with `{error, code}`; anything else goes to the router. */
function answered(handler: (ctx: RouteContext) => Promise<void> | void) {
  return async (ctx: RouteContext) => {
    try {
      await handler(ctx);
    } catch (error) {
      if (ctx.res.headersSent) throw error;
      if (error instanceof SupervisorError) return sendSupervisorError(ctx.res, error);
      if (error instanceof Error && "status" in error && error.status === 400) return sendSupervisorError(ctx.res, new SupervisorError(400, "BAD_REQUEST", error.message));
      throw error;
    }
  };
}

export function registerSupervisorRoutes(router: Router, deps: SupervisorDeps): void {
  const farmId = deps.farmId ?? "3000000000000000021";
  const sessions = new SupervisorSessionStore(deps.clock, (deps.sessionIdleSeconds ?? 1800) * 1000, farmId);
  const views = new RecordingViewStore(deps.clock, (deps.viewIdleSeconds ?? 600) * 1000);

  // Our paths carry no :domainId, so the router only applied faults without a
  // domain; those scoped to the caller's domain are applied here, once it is known.
  const applyDomainFaults = (ctx: RouteContext, domainId: string): Promise<boolean> => {
    const path = ctx.url.pathname;
    const scoped = deps.faults
      .list()
      .some((f) => f.domainId === domainId && ["status", "latency", "reset"].includes(f.type) && (!f.endpoint || path.startsWith(f.endpoint)) && (f.count === undefined || f.fired < f.count));
    return scoped ? deps.faults.apply(path, domainId, ctx.res) : Promise.resolve(false);
  };

  const findUser = (username: string, password: string): { user: SimUser; domain: SimDomain } | undefined => {
    for (const domain of deps.world.domains.values()) {
      const user = domain.users.find((u) => u.username === username && u.password === password);
      if (user) return { user, domain };
    }
    return undefined;
  };

  router.on("POST", LOGIN_PATH, answered(async (ctx) => {
    const input = await jsonBody(ctx, schemas.login);
    const found = findUser(input.passwordCredentials.username, input.passwordCredentials.password);
    if (!found) throw new SupervisorError(401, "INVALID_CREDENTIALS", "Invalid username or password");
    const { user, domain } = found;
    if (user.role === "agent") throw new SupervisorError(403, "NOT_A_SUPERVISOR", `User ${user.username} has no supervisor role`);
    if (domain.migrated) throw migrated(domain);
    if (await applyDomainFaults(ctx, domain.id)) return;
    const session = sessions.login(domain.id, user.id, input.policy);
    const dc = deps.dataCenter();
    const dcCluster = { host: dc.host, port: String(dc.port), routeKey: ROUTE_KEY, version: "sim" };
    const [loginHost, loginPort] = (ctx.req.headers.host ?? "").split(":");
    ctx.res.setHeader("set-cookie", [`Authorization=Bearer-${session.tokenId}; Path=/; HttpOnly`, `farmId=${farmId}; Path=/`]);
    sendJson(ctx.res, 200, {
      tokenId: session.tokenId,
      sessionId: session.sessionId,
      orgId: domain.id,
      userId: user.id,
      context: { farmId },
      metadata: {
        freedomUrl: `ws://${dc.host}:${dc.port}/appsvcs/ws`,
        dataCenters: [
          {
            name: ROUTE_KEY,
            uiUrls: [dcCluster],
            apiUrls: [dcCluster],
            loginUrls: [{ host: loginHost ?? "", port: loginPort ?? "80", routeKey: ROUTE_KEY, version: "sim" }],
            active: true,
          },
        ],
      },
    });
  }));

  const authed = (handler: SessionHandler, options: { started?: boolean } = {}) =>
    answered(async (ctx) => {
      const token = /^Bearer-(\S+)$/.exec((ctx.req.headers.authorization ?? "").trim())?.[1];
      if (!token) throw new SupervisorError(401, "NO_TOKEN", "Send Authorization: Bearer-<tokenId> from login");
      const found = sessions.lookup(token);
      if (!found) throw new SupervisorError(401, "INVALID_TOKEN", "Unknown token; log in again");
      if ("ended" in found) throw new SupervisorError(401, ENDED[found.ended].code, ENDED[found.ended].message);
      const { session } = found;
      const domain = deps.world.domain(session.domainId);
      if (domain.migrated) throw migrated(domain);
      const dc = deps.dataCenter();
      if (ctx.req.headers.host !== `${dc.host}:${dc.port}`) {
        throw new SupervisorError(401, "WRONG_DATA_CENTER", "This host is not the data center of your session: after login, call the host and port in metadata.dataCenters[].apiUrls");
      }
      if (ctx.req.headers.farmid !== session.farmId) throw new SupervisorError(401, "FARM_MISMATCH", "Send the farmId header with context.farmId from login");
      if (deps.faults.take("token_revoked", session.domainId, ctx.url.pathname)) throw new SupervisorError(401, "INVALID_TOKEN", "Unknown token; log in again");
      if (await applyDomainFaults(ctx, session.domainId)) return;
      if (ctx.params.userId !== undefined && ctx.params.userId !== session.userId) throw new SupervisorError(403, "FORBIDDEN_USER", `This session belongs to user ${session.userId}, not ${ctx.params.userId}`);
      if (options.started && !session.started) throw new SupervisorError(409, "SESSION_NOT_STARTED", "Start the supervisor session first: PUT …/session_start (login state is SELECT_STATION)");
      await handler(ctx, session, domain);
    });

  const logout: SessionHandler = (ctx, session) => {
    sessions.logout(session);
    ctx.res.writeHead(204).end();
  };
  router.on("POST", LOGOUT_PATH, authed(logout));
  router.on("DELETE", LOGOUT_PATH, authed(logout));

  router.on("GET", `${SUPERVISORS}/:userId/login_state`, authed((ctx, session) => sendJson(ctx.res, 200, session.started ? "WORKING" : "SELECT_STATION")));
  router.on("PUT", `${SUPERVISORS}/:userId/session_start`, authed(async (ctx, session) => {
    await jsonBody(ctx, schemas.sessionStart);
    session.started = true;
    ctx.res.writeHead(204).end();
  }));

  const createView = (agentOnly: boolean): SessionHandler => async (ctx, session, domain) => {
    const input = await jsonBody(ctx, schemas.recordingView);
    if (input.to.getTime() <= input.from.getTime()) throw new SupervisorError(400, "BAD_REQUEST", "Invalid request: to: must be after from");
    const unknown = (input.campaigns ?? []).filter((c) => !domain.campaigns.includes(c));
    if (unknown.length) throw new SupervisorError(400, "BAD_REQUEST", `Invalid request: campaigns: no campaign named ${unknown.map((c) => JSON.stringify(c)).join(", ")} in this domain`);
    const agent = agentOnly ? domain.users.find((u) => u.id === ctx.params.agentId && u.role === "agent") : undefined;
    if (agentOnly && !agent) throw new SupervisorError(404, "NOT_FOUND", `No agent with id ${ctx.params.agentId} in this domain`);
    const calls = deps.world
      .finishedCallsBetween(domain.id, input.from, input.to)
      .filter((c) => c.recorded && (!input.campaigns?.length || input.campaigns.includes(c.campaign)) && (!agent || c.agentUsername === agent.username));
    const viewId = views.create(domain.id, session.userId, calls.map((c) => c.callId), input.pageSize);
    sendJson(ctx.res, 200, nextPage(ctx, viewId, session, domain));
  };
  const nextPage = (ctx: RouteContext, viewId: string, session: SupervisorSession, domain: SimDomain) =>
    views.next(viewId, session.userId, deps.faults, ctx.url.pathname, (callId) => recordingItem(deps.world.findCall(domain.id, callId)!, domain, session.userId));

  router.on("POST", `${SUPERVISORS}/:userId/recording_views`, authed(createView(false), { started: true }));
  router.on("POST", `${SUPERVISORS}/:userId/agents/:agentId/recording_views`, authed(createView(true), { started: true }));
  router.on("GET", `${SUPERVISORS}/:userId/recording_views/:viewId/next`, authed((ctx, session, domain) => sendJson(ctx.res, 200, nextPage(ctx, ctx.params.viewId!, session, domain)), { started: true }));

  /** A call whose recording exists and is complete (the call has ended by simulated now). */
  const recordedCall = (domain: SimDomain, callId: string): SimCall => {
    const call = deps.world.findCall(domain.id, callId);
    if (!call || !call.recorded) throw new SupervisorError(404, "NOT_FOUND", `No recording for call ${callId}`);
    if (call.startedAt.getTime() + call.durationSec * 1000 > deps.clock.now()) throw new SupervisorError(404, "RECORDING_NOT_READY", `Call ${callId} has not ended yet: its recording is not available`);
    return call;
  };

  const download = (headOnly: boolean): SessionHandler => async (ctx, _session, domain) => {
    const call = recordedCall(domain, ctx.params.callId!);
    const truncate = !headOnly && !!deps.faults.take("truncated_wav", domain.id, ctx.url.pathname);
    await sendWav(ctx.req, ctx.res, call, { headOnly, truncate });
  };
  router.on("GET", `${SUPERVISORS}/:userId/recordings/:callId`, authed(download(false), { started: true }));
  router.on("HEAD", `${SUPERVISORS}/:userId/recordings/:callId`, authed(download(true), { started: true }));
  router.on("GET", `${SUPERVISORS}/:userId/transcripts/:callId`, authed((ctx, _session, domain) => sendJson(ctx.res, 200, transcriptFor(recordedCall(domain, ctx.params.callId!))), { started: true }));
}
