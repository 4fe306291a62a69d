// Runs the cases one after another (timing cases must not share the machine
// with each other), each with its own gRPC channel, a time limit, and a
// cleanup that cancels whatever the case left open.
import type { StreamingConfig } from "../../proto/voice-proto";
import type { CaseContext, CaseResult, Check, ConformanceCase } from "./case-types";
import { createClient, type ConformanceClient } from "./client";
import { CASES } from "./catalog";
import { Leg } from "./leg";
import type { SuiteOptions } from "./options";

let callCounter = 0;

/** The cases --only selects (all without it); throws on an unknown id. */
export function selectCases(only: string[] | undefined, cases: ConformanceCase[] = CASES): ConformanceCase[] {
  if (!only?.length) return cases;
  const unknown = only.filter((id) => !cases.some((c) => c.id === id));
  if (unknown.length) throw new Error(`Unknown case${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; known: ${cases.map((c) => c.id).join(", ")}`);
  return cases.filter((c) => only.includes(c.id));
}

async function runCase(c: ConformanceCase, options: SuiteOptions): Promise<CaseResult> {
  const started = performance.now();
  const skipReason = c.skip?.(options);
  if (skipReason) return { id: c.id, title: c.title, status: "skip", durationMs: 0, checks: [], notes: [], skipReason };
  const checks: Check[] = [];
  const notes: string[] = [];
  const clients: ConformanceClient[] = [];
  const legs: Leg[] = [];
  const deferred: (() => void | Promise<void>)[] = [];
  const newClient: CaseContext["client"] = (channelOptions) => {
    const client = createClient({ target: options.target, tls: options.tls, channelOptions });
    clients.push(client);
    return client;
  };
  const main = newClient();
  const ctx: CaseContext = {
    options,
    callId: () => `${BigInt(Date.now()) * 1000n + BigInt(callCounter++ % 1000)}`,
    leg: (o = {}) => {
      const config: StreamingConfig = {
        voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 },
        vcc_call_id: o.config?.vcc_call_id ?? ctx.callId(),
        domain_id: options.domain,
        campaign_id: options.campaign,
        agent_id: "conformance.agent",
        call_leg: "AGENT",
        trust_token: options.token,
        subscription_id: options.subscription,
        skill_id: "Conformance",
        ...o.config,
      };
      const leg = new Leg(o.client ?? main, { config, metadataToken: o.metadataToken === undefined ? options.token : o.metadataToken, startTimeoutMs: options.startTimeoutMs, honourReconnect: o.honourReconnect });
      legs.push(leg);
      return leg;
    },
    client: newClient,
    check: (name, ok, detail) => {
      checks.push({ name, ok, detail });
      return ok;
    },
    note: (text) => void notes.push(text),
    defer: (fn) => void deferred.push(fn),
  };
  const limit = c.timeoutMs(options);
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      c.run(ctx).then(() => "done" as const),
      new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), limit))),
    ]);
    if (outcome === "timeout") checks.push({ name: `the case finishes within ${limit} ms`, ok: false, detail: "timed out (the receiver stopped answering?)" });
  } catch (error) {
    checks.push({ name: "the case runs to its end", ok: false, detail: error instanceof Error ? error.message : String(error) });
  } finally {
    clearTimeout(timer);
    for (const leg of legs) leg.dispose();
    for (const fn of deferred) await Promise.resolve(fn()).catch(() => {});
    for (const client of clients) client.close();
  }
  if (checks.length === 0) checks.push({ name: "the case recorded a check", ok: false });
  return { id: c.id, title: c.title, status: checks.every((k) => k.ok) ? "pass" : "fail", durationMs: performance.now() - started, checks, notes };
}

/** Runs the selected cases in order; `onResult` sees each as it finishes. */
export async function runSuite(options: SuiteOptions, onResult: (r: CaseResult) => void = () => {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of selectCases(options.only)) {
    const r = await runCase(c, options);
    results.push(r);
    onResult(r);
  }
  return results;
}
