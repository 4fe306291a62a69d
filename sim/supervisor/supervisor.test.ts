import { createHash } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimClient } from "../client";
import { startSimulator, type RunningSimulator } from "../server";
import { transcriptFor } from "../world/transcript";
import type { SimCall } from "../world/types";
import { wavByteLength, wavRange } from "../world/wav";

const START = Date.parse("2026-11-20T12:00:00Z");
const FROM = "2026-11-20T06:00:00Z";
const TO = "2026-11-20T13:00:00Z";
const SUP = "/supsvcs/rs/svc/supervisors";

interface LoginAnswer {
  tokenId: string;
  sessionId: string;
  orgId: string;
  userId: string;
  context: { farmId: string };
  metadata: { dataCenters: { apiUrls: { host: string; port: string; routeKey: string }[]; active: boolean }[] };
}

interface Staff {
  userId: string;
  username: string;
  password: string;
}

let sim: RunningSimulator;
let client: SimClient;
let domainId: string;
let supervisor: Staff;
let agents: Staff[];

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, clock: { start: START, speed: 0 } });
  client = new SimClient(sim.baseUrl);
  const domain = await client.createDomain({ name: "Initech" });
  domainId = domain.domainId;
  supervisor = domain.users.find((u) => u.role === "supervisor")!;
  agents = domain.users.filter((u) => u.role === "agent");
  // The batch runs past "now" (12:00): the last calls are still going or have not started.
  await client.createCalls(domainId, { count: 150, from: FROM, to: "2026-11-20T12:30:00Z" });
});
afterAll(() => sim.close());
beforeEach(() => client.clearFaults());

async function login(user: { username: string; password: string }, policy = "ForceIn", base = sim.baseUrl): Promise<Response> {
  return fetch(`${base}/appsvcs/rs/svc/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ passwordCredentials: { username: user.username, password: user.password }, appKey: "loris-connector", policy }),
  });
}

async function session(user: Staff = supervisor, policy = "ForceIn"): Promise<LoginAnswer> {
  const res = await login(user, policy);
  expect(res.status).toBe(200);
  return (await res.json()) as LoginAnswer;
}

async function startedSession(user: Staff = supervisor): Promise<LoginAnswer> {
  const s = await session(user);
  expect((await dc(s, `${SUP}/${s.userId}/session_start`, { method: "PUT", body: { stationId: "", stationType: "EMPTY" } })).status).toBe(204);
  return s;
}

function authHeaders(s: LoginAnswer): Record<string, string> {
  return { authorization: `Bearer-${s.tokenId}`, farmId: s.context.farmId };
}

/** A request to the data center of the session (or `base`), JSON in and out. */
function dc(s: LoginAnswer, path: string, init: { method?: string; body?: unknown; base?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${init.base ?? sim.dataCenterUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { ...authHeaders(s), ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  complete: boolean;
}

/** GET with node:http, which hands over every byte received before a cut (fetch may drop them). */
function download(s: LoginAnswer, path: string, headers: Record<string, string> = {}): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${sim.dataCenterUrl}${path}`, { headers: { ...authHeaders(s), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", () => {});
      res.on("close", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
    });
    req.on("error", reject);
  });
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const renderedWav = (call: SimCall) => Buffer.concat([...wavRange(call, 0, wavByteLength(call))]);

async function groundTruth(filter: (c: SimCall) => boolean = () => true): Promise<SimCall[]> {
  const now = Date.parse((await client.clock()).now);
  const calls = await client.calls(domainId, new Date(FROM), new Date(TO));
  return calls.filter((c) => c.recorded && c.startedAt.getTime() + c.durationSec * 1000 <= now && filter(c));
}

interface Page {
  viewId: string;
  items: { callId: string; agentUsername: string; campaign: string; sizeBytes: number; recordingPath: string; transcriptPath: string; startedAt: string }[];
  hasMore: boolean;
  total: number;
}

async function readView(s: LoginAnswer, first: Response): Promise<Page["items"]> {
  expect(first.status).toBe(200);
  let page = (await first.json()) as Page;
  const items = [...page.items];
  while (page.hasMore) {
    const res = await dc(s, `${SUP}/${s.userId}/recording_views/${page.viewId}/next`);
    expect(res.status).toBe(200);
    page = (await res.json()) as Page;
    items.push(...page.items);
  }
  return items;
}

function shortestRecorded(calls: SimCall[]): SimCall {
  const call = [...calls].sort((a, b) => a.durationSec - b.durationSec)[0]!;
  return sim.world.findCall(domainId, call.callId)!;
}

describe("Supervisor REST: the connector's path", () => {
  it("logs in, starts the session, pages a view to the end, downloads a WAV and its transcript", async () => {
    const res = await login(supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/Authorization=Bearer-[\w-]+; Path=\//);
    const s = (await res.json()) as LoginAnswer;
    expect(s).toMatchObject({ orgId: domainId, userId: supervisor.userId, context: { farmId: expect.any(String) } });
    const api = s.metadata.dataCenters[0]!.apiUrls[0]!;
    expect(`http://${api.host}:${api.port}`).toBe(sim.dataCenterUrl);

    expect(await (await dc(s, `${SUP}/${s.userId}/login_state`)).json()).toBe("SELECT_STATION");
    const early = await dc(s, `${SUP}/${s.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO } });
    expect(early.status).toBe(409);
    expect((await early.json()).code).toBe("SESSION_NOT_STARTED");
    expect((await dc(s, `${SUP}/${s.userId}/session_start`, { method: "PUT", body: { stationId: "", stationType: "EMPTY" } })).status).toBe(204);
    expect(await (await dc(s, `${SUP}/${s.userId}/login_state`)).json()).toBe("WORKING");

    const items = await readView(s, await dc(s, `${SUP}/${s.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO, pageSize: 25 } }));
    const truth = await groundTruth();
    expect(truth.length).toBeGreaterThan(100);
    expect((await client.calls(domainId, new Date(FROM), new Date(TO))).length).toBeGreaterThan(truth.length);
    expect(items.map((i) => i.callId)).toEqual(truth.map((c) => c.callId));
    expect(items[0]!.sizeBytes).toBe(wavByteLength(truth[0]!));
    expect(items[0]!.startedAt).toBe(truth[0]!.startedAt.toISOString());

    const call = shortestRecorded(truth);
    const item = items.find((i) => i.callId === call.callId)!;
    const wav = await download(s, item.recordingPath);
    expect(wav.status).toBe(200);
    expect(wav.headers["content-type"]).toBe("audio/wav");
    expect(wav.headers["accept-ranges"]).toBe("bytes");
    expect(Number(wav.headers["content-length"])).toBe(wavByteLength(call));
    expect(sha256(wav.body)).toBe(sha256(renderedWav(call)));

    const transcript = await dc(s, item.transcriptPath);
    expect(transcript.status).toBe(200);
    expect(await transcript.json()).toEqual(JSON.parse(JSON.stringify(transcriptFor(call))));
  });

  it("filters views by agent and by campaign", async () => {
    const s = await startedSession();
    const agent = agents[0]!;
    const byAgent = await readView(s, await dc(s, `${SUP}/${s.userId}/agents/${agent.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO, pageSize: 7 } }));
    expect(byAgent.map((i) => i.callId)).toEqual((await groundTruth((c) => c.agentUsername === agent.username)).map((c) => c.callId));
    expect(byAgent.length).toBeGreaterThan(0);
    const byCampaign = await readView(s, await dc(s, `${SUP}/${s.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO, campaigns: ["Customer Support"] } }));
    expect(byCampaign.map((i) => i.callId)).toEqual((await groundTruth((c) => c.campaign === "Customer Support")).map((c) => c.callId));
  });
});

describe("Supervisor REST: data center, sessions, migration", () => {
  it("answers 401 on the main host (wrong data center), without farmId, or with an unknown token", async () => {
    const s = await session();
    const wrongHost = await dc(s, `${SUP}/${s.userId}/login_state`, { base: sim.baseUrl });
    expect(wrongHost.status).toBe(401);
    expect((await wrongHost.json()).code).toBe("WRONG_DATA_CENTER");
    expect((await fetch(`${sim.dataCenterUrl}${SUP}/${s.userId}/login_state`, { headers: { authorization: `Bearer-${s.tokenId}` } })).status).toBe(401);
    expect((await dc({ ...s, tokenId: "nope" }, `${SUP}/${s.userId}/login_state`)).status).toBe(401);
    expect((await fetch(`${sim.dataCenterUrl}${SUP}/${s.userId}/login_state`)).status).toBe(401);
    expect((await dc(s, `${SUP}/${s.userId}/login_state`)).status).toBe(200);
  });

  it("ForceIn takes the session over; AttachExisting reuses it; logout ends it", async () => {
    const user = { username: "night.shift@initech.sim", password: "pw-night" };
    const { userId } = await client.createUser(domainId, { ...user, role: "supervisor" });
    const staff = { ...user, userId };
    const first = await session(staff, "ForceIn");
    const attached = await session(staff, "AttachExisting");
    expect(attached.tokenId).toBe(first.tokenId);
    const second = await session(staff, "ForceIn");
    expect(second.tokenId).not.toBe(first.tokenId);
    const old = await dc(first, `${SUP}/${userId}/login_state`);
    expect(old.status).toBe(401);
    const body = await old.json();
    expect(body.code).toBe("SESSION_TAKEN_OVER");
    expect(body.error).toMatch(/taken over by another login/);
    expect((await dc(second, `${SUP}/${userId}/login_state`)).status).toBe(200);

    expect((await dc(second, "/appsvcs/rs/svc/auth/logout", { method: "POST" })).status).toBe(204);
    expect((await (await dc(second, `${SUP}/${userId}/login_state`)).json()).code).toBe("LOGGED_OUT");
    const fresh = await session(staff, "AttachExisting");
    expect(fresh.tokenId).not.toBe(second.tokenId);
  });

  it("answers 435 for a migrated domain, on login and on every endpoint", async () => {
    const other = await client.createDomain({ name: "Moved Co" });
    const sup = other.users.find((u) => u.role === "supervisor")!;
    const s = await session(sup);
    await client.markMigrated(other.domainId);
    const res = await dc(s, `${SUP}/${s.userId}/login_state`);
    expect(res.status).toBe(435);
    expect((await res.json()).error).toMatch(/migrated/);
    expect((await dc(s, `${SUP}/${s.userId}/recordings/300000000000`)).status).toBe(435);
    const again = await login(sup);
    expect(again.status).toBe(435);
    expect((await again.json()).code).toBe("DOMAIN_MIGRATED");
  });

  it("refuses a wrong password (401), an agent (403), another user's id (403)", async () => {
    expect((await login({ ...supervisor, password: "wrong" })).status).toBe(401);
    expect((await login({ username: "nobody@nowhere.sim", password: "x" })).status).toBe(401);
    const agent = await login(agents[0]!);
    expect(agent.status).toBe(403);
    expect((await agent.json()).code).toBe("NOT_A_SUPERVISOR");
    const s = await startedSession();
    const foreign = await dc(s, `${SUP}/${agents[1]!.userId}/login_state`);
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).code).toBe("FORBIDDEN_USER");
    expect((await dc(s, `${SUP}/${agents[1]!.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO } })).status).toBe(403);
  });

  it("answers 400 with a message for bad bodies", async () => {
    const post = (body: unknown) => fetch(`${sim.baseUrl}/appsvcs/rs/svc/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
    const missing = await post({ passwordCredentials: { username: supervisor.username, password: supervisor.password }, appKey: "k" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/policy/);
    expect((await post({ passwordCredentials: { username: "a" }, appKey: "k", policy: "ForceIn" })).status).toBe(400);
    expect((await post({ passwordCredentials: { username: "a", password: "b" }, appKey: "k", policy: "Sometimes" })).status).toBe(400);
    expect((await post("{not json")).status).toBe(400);

    const s = await startedSession();
    const view = (body: unknown) => dc(s, `${SUP}/${s.userId}/recording_views`, { method: "POST", body });
    const big = await view({ from: FROM, to: TO, pageSize: 101 });
    expect(big.status).toBe(400);
    expect((await big.json()).error).toMatch(/pageSize/);
    expect((await view({ from: "yesterday", to: TO })).status).toBe(400);
    expect((await view({ from: TO, to: FROM })).status).toBe(400);
    expect((await (await view({ from: FROM, to: TO, campaigns: ["Nope"] })).json()).error).toMatch(/Nope/);
    expect((await dc(s, `${SUP}/${s.userId}/session_start`, { method: "PUT", body: { stationType: "ROTARY" } })).status).toBe(400);
  });

  it("answers 404 for an unknown call, an abandoned call, an unknown agent and a view that does not exist", async () => {
    const s = await startedSession();
    const unknown = await dc(s, `${SUP}/${s.userId}/recordings/399999999999`);
    expect(unknown.status).toBe(404);
    expect((await dc(s, `${SUP}/${s.userId}/transcripts/not-a-call`)).status).toBe(404);
    const abandoned = (await client.calls(domainId, new Date(FROM), new Date(TO))).find((c) => c.abandoned)!;
    expect(abandoned).toBeDefined();
    expect((await dc(s, `${SUP}/${s.userId}/recordings/${abandoned.callId}`)).status).toBe(404);
    expect((await dc(s, `${SUP}/${s.userId}/transcripts/${abandoned.callId}`)).status).toBe(404);
    const running = (await client.calls(domainId, new Date(FROM), new Date(TO))).find((c) => c.recorded && c.startedAt.getTime() + c.durationSec * 1000 > START)!;
    const notReady = await dc(s, `${SUP}/${s.userId}/recordings/${running.callId}`);
    expect(notReady.status).toBe(404);
    expect((await notReady.json()).code).toBe("RECORDING_NOT_READY");
    expect((await dc(s, `${SUP}/${s.userId}/agents/${supervisor.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO } })).status).toBe(404);
    expect((await dc(s, `${SUP}/${s.userId}/recording_views/00000000-0000-0000-0000-000000000000/next`)).status).toBe(404);
  });
});

describe("Supervisor REST: WAV ranges and faults", () => {
  it("serves byte ranges with 206, refuses unsatisfiable ones with 416, and answers multi-range with the whole file", async () => {
    const s = await startedSession();
    const call = shortestRecorded(await groundTruth());
    const whole = renderedWav(call);
    const size = whole.length;
    const path = `${SUP}/${s.userId}/recordings/${call.callId}`;
    for (const [range, start, end] of [
      ["bytes=0-43", 0, 43],
      ["bytes=100-8099", 100, 8099],
      ["bytes=-1000", size - 1000, size - 1],
      [`bytes=${size - 5000}-`, size - 5000, size - 1],
      [`bytes=10-${size + 100}`, 10, size - 1],
    ] as const) {
      const part = await download(s, path, { range });
      expect(part.status, range).toBe(206);
      expect(part.headers["content-range"]).toBe(`bytes ${start}-${end}/${size}`);
      expect(Number(part.headers["content-length"])).toBe(end - start + 1);
      expect(part.body.equals(whole.subarray(start, end + 1)), range).toBe(true);
    }
    for (const range of [`bytes=${size}-`, "bytes=-0"]) {
      const refused = await download(s, path, { range });
      expect(refused.status, range).toBe(416);
      expect(refused.headers["content-range"]).toBe(`bytes */${size}`);
    }
    const multi = await download(s, path, { range: "bytes=0-9,20-29" });
    expect(multi.status).toBe(200);
    expect(multi.body.length).toBe(size);
    const stale = await download(s, path, { range: "bytes=0-9", "if-range": '"something-else"' });
    expect(stale.status).toBe(200);
    const head = await fetch(`${sim.dataCenterUrl}${path}`, { method: "HEAD", headers: authHeaders(s) });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBe(size);
  });

  it("cuts a download on truncated_wav; resuming with Range gives identical bytes", async () => {
    const s = await startedSession();
    const call = shortestRecorded(await groundTruth());
    const path = `${SUP}/${s.userId}/recordings/${call.callId}`;
    await client.addFault({ domainId, type: "truncated_wav", count: 1 });
    const cut = await download(s, path);
    expect(cut.status).toBe(200);
    expect(Number(cut.headers["content-length"])).toBe(wavByteLength(call));
    expect(cut.complete).toBe(false);
    expect(cut.body.length).toBeLessThanOrEqual(wavByteLength(call) / 2);
    const rest = await download(s, path, { range: `bytes=${cut.body.length}-` });
    expect(rest.status).toBe(206);
    expect(rest.complete).toBe(true);
    expect(sha256(Buffer.concat([cut.body, rest.body]))).toBe(sha256(renderedWav(call)));
  });

  it("serves a duplicate page and a reversed page when those faults are set", async () => {
    const s = await startedSession();
    const truth = (await groundTruth()).map((c) => c.callId);
    const first = (await (await dc(s, `${SUP}/${s.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO, pageSize: 10 } })).json()) as Page;
    const next = () => dc(s, `${SUP}/${s.userId}/recording_views/${first.viewId}/next`).then((r) => r.json() as Promise<Page>);
    expect(first.items.map((i) => i.callId)).toEqual(truth.slice(0, 10));
    await client.addFault({ domainId, type: "duplicate_page", count: 1 });
    expect((await next()).items.map((i) => i.callId)).toEqual(truth.slice(0, 10));
    expect((await next()).items.map((i) => i.callId)).toEqual(truth.slice(10, 20));
    await client.addFault({ domainId, type: "out_of_order_page", count: 1 });
    expect((await next()).items.map((i) => i.callId)).toEqual(truth.slice(20, 30).reverse());
    expect((await next()).items.map((i) => i.callId)).toEqual(truth.slice(30, 40));
  });

  it("applies request faults scoped to the session's domain", async () => {
    const s = await startedSession();
    await client.addFault({ domainId, endpoint: SUP, type: "status", status: 503, count: 1 });
    expect((await dc(s, `${SUP}/${s.userId}/login_state`)).status).toBe(503);
    expect((await dc(s, `${SUP}/${s.userId}/login_state`)).status).toBe(200);
    await client.addFault({ domainId, type: "token_revoked", count: 1 });
    expect((await dc(s, `${SUP}/${s.userId}/login_state`)).status).toBe(401);
  });

  it("ends idle sessions and views on the simulated clock", async () => {
    const s = await startedSession();
    const view = (await (await dc(s, `${SUP}/${s.userId}/recording_views`, { method: "POST", body: { from: FROM, to: TO, pageSize: 10 } })).json()) as Page;
    await client.clock({ advanceMs: 11 * 60_000 });
    expect((await dc(s, `${SUP}/${s.userId}/recording_views/${view.viewId}/next`)).status).toBe(404);
    await client.clock({ advanceMs: 31 * 60_000 });
    const expired = await dc(s, `${SUP}/${s.userId}/login_state`);
    expect(expired.status).toBe(401);
    expect((await expired.json()).code).toBe("SESSION_EXPIRED");
  });
});
