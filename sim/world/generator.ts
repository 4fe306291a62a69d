// The deterministic call generator. A domain's calls are batches ("count calls
// between from and to"); call i of a batch is computed from (seed, domain,
// batch, i) whenever it is needed, and its start time grows with i, so a time
// range is found by binary search: 100k calls cost no memory at all.
import type { CallBatch, SimDomain } from "./domains";
import { rngFor } from "./random";
import type { SimCall } from "./types";

const DISPOSITIONS = ["Resolved", "Sale", "Callback Scheduled", "Transferred", "No Answer", "Escalated"];
/** Calls per batch are numbered below this, so ids never collide across batches. */
const BATCH_STRIDE = 10_000_000;
export const MAX_CALLS_PER_BATCH = BATCH_STRIDE - 1;

function startOf(seed: number, domain: SimDomain, batch: CallBatch, i: number): number {
  const jitter = rngFor(seed, domain.id, batch.index, i, "start").float() * 0.9;
  return batch.from + Math.floor(((batch.to - batch.from) * (i + jitter)) / batch.count);
}

export function generateCall(seed: number, domain: SimDomain, batch: CallBatch, i: number): SimCall {
  const rng = rngFor(seed, domain.id, batch.index, i, "call");
  const agents = domain.users.filter((u) => u.role === "agent");
  const campaign = rng.pick(domain.campaigns);
  const outbound = campaign.startsWith("Outbound") || rng.chance(0.1);
  const abandoned = !outbound && rng.chance(0.08);
  const agent = abandoned ? null : rng.pick(agents);
  const customer = `${rng.int(2, 9)}${rng.digits(9)}`;
  const line = `800${rng.digits(7)}`;
  const durationSec = abandoned ? rng.int(5, 60) : rng.int(45, 900);
  return {
    domainId: domain.id,
    callId: String(300_000_000_000 + batch.index * BATCH_STRIDE + i),
    sessionId: rng.hex(32),
    campaign,
    skill: outbound ? null : rng.pick(domain.skills),
    callType: outbound ? "OUTBOUND" : "INBOUND",
    ani: outbound ? line : customer,
    dnis: outbound ? customer : line,
    agentUsername: agent?.username ?? null,
    agentName: agent?.fullName ?? null,
    startedAt: new Date(startOf(seed, domain, batch, i)),
    durationSec,
    holds: abandoned ? 0 : rng.pick([0, 0, 0, 1, 1, 2]),
    transfers: abandoned ? 0 : rng.chance(0.1) ? 1 : 0,
    disposition: abandoned ? "Abandon" : rng.pick(DISPOSITIONS),
    abandoned,
    recorded: !abandoned,
    recordingChannels: rng.chance(0.5) ? "per-leg" : "mono",
  };
}

/** First index in the batch whose start is ≥ time. */
function lowerBound(seed: number, domain: SimDomain, batch: CallBatch, time: number): number {
  let lo = 0;
  let hi = batch.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startOf(seed, domain, batch, mid) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every call of the domain that starts in [from, to), ordered by start time then call id. */
export function callsBetween(seed: number, domain: SimDomain, from: number, to: number): SimCall[] {
  const calls: SimCall[] = [];
  for (const batch of domain.batches) {
    if (batch.to <= from || batch.from >= to) continue;
    for (let i = lowerBound(seed, domain, batch, from); i < batch.count; i++) {
      if (startOf(seed, domain, batch, i) >= to) break;
      calls.push(generateCall(seed, domain, batch, i));
    }
  }
  return calls.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.callId.localeCompare(b.callId));
}

/** Finds one call by its id (decodes batch and index from it). */
export function findCall(seed: number, domain: SimDomain, callId: string): SimCall | undefined {
  if (!/^\d+$/.test(callId)) return undefined;
  const n = BigInt(callId) - 300_000_000_000n;
  if (n < 0n) return undefined;
  const batch = domain.batches[Number(n / BigInt(BATCH_STRIDE))];
  const i = Number(n % BigInt(BATCH_STRIDE));
  if (!batch || i >= batch.count) return undefined;
  return generateCall(seed, domain, batch, i);
}
