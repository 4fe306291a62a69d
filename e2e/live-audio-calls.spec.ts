// An ended streamed call in Calls: its live audio plays, its gap says "not
// repaired" — and once the call's recording arrives (and the worker's
// live-audio.repair job ran), "repaired from recording".
import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { makeCall } from "../sim/voicestream/test-fakes";
import { blobStore } from "../lib/blob/blob-store-from-env";
import { db } from "../lib/db";
import { queueLiveAudioRepair } from "../lib/live-audio/queue-repair";
import { storeSimRecording, streamCall } from "../test/support/streamed-call";
import { closeVoiceClients } from "../test/support/voicestream-client";
import { fixture, SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { shot } from "./install-steps";

const { slug, email } = SCENARIOS.liveAudio;

test.afterAll(() => closeVoiceClients());

test("an ended streamed call plays its live audio, and its gap is repaired from the recording", async ({ page }) => {
  test.setTimeout(90_000);
  const f = fixture();
  const domainId = f.domains.liveAudio.id;
  // The workspace as an install leaves it with live audio on (the install flow itself is other specs' subject).
  const token = randomBytes(24).toString("base64url");
  const tenant = await db().tenant.update({ where: { slug }, data: { five9DomainId: domainId, region: "us", status: "installed" } });
  await db().install.upsert({ where: { tenantId: tenant.id }, create: { tenantId: tenant.id, step: "done", five9DomainId: domainId, region: "us", campaigns: ["Inbound Sales"], dataKinds: ["call_log", "recordings", "live_audio"], completedAt: new Date() }, update: {} });
  await db().voiceStreamSubscription.upsert({
    where: { tenantId: tenant.id },
    create: { tenantId: tenant.id, eventKey: randomBytes(16).toString("hex"), trustTokenHash: createHash("sha256").update(token).digest("hex"), validatedAt: new Date() },
    update: { trustTokenHash: createHash("sha256").update(token).digest("hex"), disabledAt: null },
  });
  // Five9 streams a 10 s call: the agent leg misses 3.0–4.5 s.
  const call = makeCall({ callId: `3009${Date.now() % 10_000_000}`, durationSec: 10, startedAt: new Date(Date.now() - 10_000) });
  const callId = await streamCall(f.voicestreamEndpoint, { token, domainId, subscriptionId: "e2e-sub" }, call, [
    { leg: "AGENT", spans: [[0, 3000], [4500, 10_000]] },
    { leg: "CUSTOMER", spans: [[0, 10_000]] },
  ]);

  await signInAs(page, email);
  await page.goto(`/tenants/${slug}/calls`);
  await page.getByRole("link", { name: call.callId }).click();
  const live = page.getByRole("region", { name: "Live audio" });
  await expect(live).toBeVisible();
  const agent = live.getByRole("region", { name: "Agent leg" });
  await expect(agent.getByRole("list", { name: "Gaps in the agent leg" })).toContainText("not repaired");
  await expect(live.getByRole("region", { name: /Conversation/ })).toBeVisible();

  // It plays: the player's clock moves.
  const player = agent.getByLabel("Agent leg live audio");
  await player.click();
  await player.evaluate((a: HTMLAudioElement) => a.play());
  await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.3);
  await player.evaluate((a: HTMLAudioElement) => a.pause());
  await shot(page, "live-audio-call-gap");

  // The recording arrives by the historical path; the worker repairs the gap.
  await storeSimRecording(blobStore(), tenant.id, callId, call);
  expect(await queueLiveAudioRepair(callId)).toBe(true);
  await expect.poll(async () => (await db().liveAudio.findFirst({ where: { callId, leg: "agent" } }))?.repairedMs, { timeout: 30_000 }).toBe(1500);
  await page.reload();
  await expect(page.getByRole("region", { name: "Agent leg" }).getByRole("list", { name: "Gaps in the agent leg" })).toContainText("repaired from recording");
  await expect(page.getByRole("region", { name: "Agent leg" })).not.toContainText("not repaired");
  await shot(page, "live-audio-call-repaired");
});
