// Live-audio completeness per local day: complete, repaired, with gaps and
// missing (expected from the call log, never streamed), on the domain's
// calendar; calls Loris did not expect to stream are not counted; another
// tenant's calls never are.
import { describe, expect, it } from "vitest";
import { createTenant } from "../../test/support/fixtures";
import { db } from "../db";
import { liveAudioDays } from "./live-audio-days";

const NOW = new Date("2026-11-21T12:00:00Z");
let n = 0;

async function liveTenant(slug: string) {
  const tenant = await db().tenant.update({ where: { id: (await createTenant(slug)).id }, data: { five9TimeZone: "America/Los_Angeles" } });
  await db().install.create({ data: { tenantId: tenant.id, campaigns: ["Sales"], dataKinds: ["call_log", "live_audio"], completedAt: new Date("2026-11-01T00:00:00Z") } });
  await db().voiceStreamSubscription.create({ data: { tenantId: tenant.id, eventKey: `k-${slug}`, trustTokenHash: "x", validatedAt: new Date("2026-11-10T00:00:00Z"), createdAt: new Date("2026-11-09T00:00:00Z") } });
  return tenant;
}

async function call(tenantId: string, startedAt: string, options: { fromLog?: boolean; agent?: string | null; campaign?: string; live?: [number, number][]; streaming?: boolean; abandoned?: boolean } = {}) {
  n++;
  const c = await db().call.create({
    data: {
      tenantId, five9CallId: `L${n}`, startedAt: new Date(startedAt), endedAt: new Date(new Date(startedAt).getTime() + 60_000), campaign: options.campaign ?? "Sales",
      agentUsername: options.agent === undefined ? "ana" : options.agent, raw: options.fromLog === false ? {} : { "CALL ID": `L${n}`, ABANDONED: options.abandoned ? "1" : "0" },
    },
  });
  if (options.live || options.streaming) {
    await db().streamSession.create({ data: { tenantId, callId: c.id, leg: "agent", segment: 1, subscriptionId: "s", blobKey: "k", configAt: new Date(startedAt), endedAt: options.streaming ? null : new Date(startedAt) } });
  }
  for (const [i, [gapMs, repairedMs]] of (options.live ?? []).entries()) {
    await db().liveAudio.create({ data: { tenantId, callId: c.id, leg: ["agent", "customer"][i]!, blobKey: "k", sha256: "s", bytes: 1n, durationMs: 60_000, gapMs, repairedMs } });
  }
  if (options.live) await db().liveAudio.create({ data: { tenantId, callId: c.id, leg: "conversation", blobKey: "k", sha256: "s", bytes: 1n, durationMs: 60_000, gapMs: 999, repairedMs: 0 } });
  return c;
}

describe("live audio per local day", () => {
  it("counts complete, repaired, with gaps and missing calls on the domain's calendar", async () => {
    const t = await liveTenant("la-days");
    const other = await liveTenant("la-days-other");
    // 2026-11-20 in Los Angeles (UTC-8): 08:00Z..next 08:00Z.
    await call(t.id, "2026-11-20T09:00:00Z", { live: [[0, 0], [0, 0]] }); // complete
    await call(t.id, "2026-11-20T10:00:00Z", { live: [[1000, 1000], [500, 500]] }); // repaired
    await call(t.id, "2026-11-20T11:00:00Z", { live: [[1000, 1000], [500, 100]] }); // with gaps
    await call(t.id, "2026-11-20T12:00:00Z", { fromLog: false, live: [[0, 0]] }); // only the stream knows it: complete all the same
    await call(t.id, "2026-11-21T07:30:00Z"); // 23:30 on the 20th, local: missing
    await call(t.id, "2026-11-20T07:30:00Z"); // 23:30 on the 19th, local: missing
    // Not expected: abandoned, no agent, an unchosen campaign, before the subscription, still streaming.
    await call(t.id, "2026-11-20T13:00:00Z", { abandoned: true });
    await call(t.id, "2026-11-20T13:05:00Z", { agent: null });
    await call(t.id, "2026-11-20T13:10:00Z", { campaign: "Other" });
    await call(t.id, "2026-11-09T13:00:00Z");
    await call(t.id, "2026-11-20T13:20:00Z", { streaming: true });
    await call(other.id, "2026-11-20T09:00:00Z");

    const live = await liveAudioDays(t.id, 30, NOW);
    expect(live?.timeZone).toBe("America/Los_Angeles");
    expect(live?.days).toHaveLength(30);
    expect(live?.days.at(-1)?.day).toBe("2026-11-21");
    const day = (d: string) => live!.days.find((x) => x.day === d);
    expect(day("2026-11-20")).toEqual({ day: "2026-11-20", complete: 2, repaired: 1, gaps: 1, missing: 1 });
    expect(day("2026-11-19")).toEqual({ day: "2026-11-19", complete: 0, repaired: 0, gaps: 0, missing: 1 });
    expect(day("2026-11-21")).toEqual({ day: "2026-11-21", complete: 0, repaired: 0, gaps: 0, missing: 0 });
    expect((await liveAudioDays(other.id, 30, NOW))!.days.find((x) => x.day === "2026-11-20")).toMatchObject({ missing: 1, complete: 0 });
  });

  it("is absent for a tenant that does not use live audio", async () => {
    const t = await createTenant("no-live-days");
    await db().install.create({ data: { tenantId: t.id, campaigns: ["Sales"], dataKinds: ["call_log"] } });
    expect(await liveAudioDays(t.id, 30, NOW)).toBeNull();
  });
});
