// The partner conformance suite (conformance/voicestream/) played against OUR
// receiver: real gRPC, a real Postgres, a tenant installed with live audio on
// a fs blob store. Every case must pass (--quick timings). The printed table
// is what lib/realtime/README.md and README.md show.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES } from "../../conformance/voicestream/catalog";
import { resolveOptions } from "../../conformance/voicestream/options";
import { formatTable } from "../../conformance/voicestream/report";
import { runSuite } from "../../conformance/voicestream/runner";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { InProcessBus } from "./bus";
import { startReceiver, type Receiver } from "./receiver-server";

let dir: string;
let receiver: Receiver;
let bus: InProcessBus;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vs-conf-"));
  bus = new InProcessBus();
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store: new FsBlobStore(dir), bus, maxStreams: 500, finaliseAfterMs: 500, sweepIntervalMs: 60_000, drainTimeoutMs: 2000 });
});

afterAll(async () => {
  await receiver.stop();
  await bus.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the conformance suite against Loris's receiver", () => {
  it("passes every case (--quick), and stores nothing for the refused and unchosen streams", async () => {
    const fixture = await liveAudioTenant({ campaigns: ["Conformance"] });
    // As after Five9's first event: Loris knows the subscription's id, so another id is refused.
    await db().voiceStreamSubscription.update({ where: { tenantId: fixture.tenant.id }, data: { five9SubscriptionId: fixture.subscriptionId } });
    const options = resolveOptions({
      target: `127.0.0.1:${receiver.port}`,
      token: fixture.token,
      subscription: fixture.subscriptionId,
      domain: fixture.domainId,
      unchosenCampaign: "Outbound Other",
      quick: true,
    });
    const results = await runSuite(options);
    const table = formatTable(results);
    console.log(`VoiceStream conformance against Loris's receiver (quick)\n${table}`);
    expect(Object.fromEntries(results.map((r) => [r.id, r.status])), table).toEqual(Object.fromEntries(CASES.map((c) => [c.id, "pass"])));
    await receiver.idle();
    // Refused streams open no segment: only the tenant's accepted legs have rows, none of the unchosen campaign.
    const rows = await db().streamSession.findMany({ where: { tenantId: fixture.tenant.id }, include: { call: true } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.call.campaign === "Outbound Other")).toEqual([]);
    expect(await db().streamSession.count({ where: { tenantId: { not: fixture.tenant.id } } })).toBe(0);
  }, 240_000);
});
