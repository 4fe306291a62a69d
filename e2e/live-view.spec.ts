// The live view in a real browser: the simulator's VoiceStream client (Five9's
// side, run here with a call of our choosing) streams a call to the receiver
// the global setup started and POSTs its CTI events to the event URL of the
// web app. Two browsers see the call appear, levels move, Listen plays the
// leg through WebAudio, hold shows, and the ended call links into Calls.
import { expect, test, type Page } from "@playwright/test";
import pino from "pino";
import { ControllableClock } from "../sim/world/clock";
import { renderLegPcm } from "../sim/world/audio";
import { FakeFeed, makeCall } from "../sim/voicestream/test-fakes";
import { startVoiceStream } from "../sim/voicestream/voicestream";
import { E2E_BASE_URL } from "./base-url";
import { fixture } from "./fixture";
import { signInAs } from "./helpers";

async function openLiveView(page: Page) {
  const { live } = fixture();
  await signInAs(page, live.email);
  await page.goto(`/tenants/${live.slug}/live`);
  await expect(page.getByRole("link", { name: "Live" })).toHaveAttribute("aria-current", "page");
}

async function meterValue(page: Page, name: RegExp): Promise<number> {
  return Number(await page.getByRole("meter", { name }).getAttribute("aria-valuenow"));
}

test("a live call appears in two browsers, levels move, Listen plays, hold shows, and the ended call links into Calls", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { live } = fixture();
  await openLiveView(page);
  await expect(page.getByRole("heading", { name: "No call in progress" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/live-view-empty.png", fullPage: true });

  const other = await browser.newContext();
  const second = await other.newPage();
  await openLiveView(second);

  const clock = new ControllableClock({ start: Date.now(), speed: 1 });
  const feed = new FakeFeed();
  const vs = startVoiceStream({ feed, clock, renderLegPcm, log: pino({ level: "silent" }), eventRetryDelaysMs: [250, 1000] });
  try {
    const sub = await vs.subscriptions.create(live.domainId, {
      name: "Loris e2e", grpcEndpoint: live.voicestreamTarget, eventUrl: `${E2E_BASE_URL}/api/five9/events/${live.eventKey}`, trustToken: live.trustToken, campaigns: [],
    });
    expect(sub.status, sub.failureReason ?? "").toBe("active");
    const callId = String(Date.now());
    // 30 s with one hold, centred in the call (≈ 12.5–17.5 s).
    feed.start(makeCall({ domainId: live.domainId, callId, campaign: live.campaign, startedAt: new Date(clock.now()), durationSec: 30, holds: 1 }));

    for (const p of [page, second]) await expect(p.getByRole("heading", { name: `Call ${callId}` })).toBeVisible({ timeout: 15_000 });
    const card = page.locator(`article[data-five9-call-id="${callId}"]`);
    await expect(card.locator('tr[data-leg="agent"]')).toBeVisible();
    await expect(card.locator('tr[data-leg="customer"]')).toBeVisible();
    await expect(card.getByRole("list", { name: `Events of call ${callId}` })).toContainText("Call started");

    // Levels move: the agent's and customer's meters take more than one value.
    const seen = new Set<number>();
    await expect.poll(async () => {
      seen.add(await meterValue(page, /Agent leg/));
      seen.add(await meterValue(page, /Customer leg/));
      return seen.size;
    }, { timeout: 15_000, intervals: [300] }).toBeGreaterThan(2);
    expect(Math.max(...seen)).toBeGreaterThan(0);

    // Listen: WebAudio plays the agent leg as it arrives.
    await card.getByRole("button", { name: `Listen to Agent leg of call ${callId}` }).click();
    const played = card.locator('tr[data-leg="agent"] [data-played-seconds]');
    await expect.poll(async () => Number(await played.getAttribute("data-played-seconds")), { timeout: 10_000 }).toBeGreaterThan(1);
    await expect(card.locator('tr[data-leg="agent"]')).toContainText(/Listening · \d+\.\d s played/);
    await page.screenshot({ path: "e2e/screenshots/live-view-call.png", fullPage: true });

    // Hold shows on the legs and in the event timeline.
    await expect(card.locator('tr[data-leg="customer"] [data-testid="leg-state"]')).toHaveText("On hold", { timeout: 20_000 });
    await expect(card.getByRole("list", { name: `Events of call ${callId}` })).toContainText("On hold");
    await page.screenshot({ path: "e2e/screenshots/live-view-hold.png", fullPage: true });
    await second.setViewportSize({ width: 390, height: 844 });
    await second.screenshot({ path: "e2e/screenshots/live-view-phone.png", fullPage: true });

    // The call ends: it leaves both views and links into Calls.
    for (const p of [page, second]) await expect(p.getByRole("heading", { name: `Call ${callId}` })).toHaveCount(0, { timeout: 40_000 });
    const link = page.getByRole("link", { name: `Call ${callId}` });
    await expect(link).toBeVisible();
    await page.screenshot({ path: "e2e/screenshots/live-view-ended.png", fullPage: true });
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/tenants/${live.slug}/calls/[^/]+$`));
    await expect(page.getByRole("heading", { name: `Call ${callId}` })).toBeVisible();
  } finally {
    await vs.stop();
    clock.close();
    await other.close();
  }
});

test("says it is reconnecting while the stream drops, stops with an error when refused, and Try again recovers", async ({ page }) => {
  // The browser's own EventSource meets a stream that ends at once (a proxy cutting it), then a refusal, then the real one.
  let mode: "drop" | "refuse" | "pass" = "drop";
  let drops = 0;
  await page.route("**/api/tenants/*/live/events", async (route) => {
    if (mode === "drop") {
      drops++;
      return route.fulfill({ status: 200, headers: { "content-type": "text/event-stream" }, body: "retry: 1500\n\n" });
    }
    if (mode === "refuse") return route.fulfill({ status: 401, contentType: "application/json", body: JSON.stringify({ error: { code: "unauthenticated", message: "Please sign in." } }) });
    return route.continue();
  });
  await openLiveView(page);
  const banner = page.getByRole("status").filter({ hasText: "Reconnecting to live updates" });
  await expect(banner).toBeVisible();
  await expect.poll(() => drops).toBeGreaterThan(1);
  await expect(page.getByText("Connecting to live calls…")).toBeVisible();

  mode = "refuse";
  const alert = page.getByRole("alert").filter({ hasText: "Live updates stopped" });
  await expect(alert).toBeVisible({ timeout: 10_000 });
  await expect(banner).toHaveCount(0);

  mode = "pass";
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByText("Connecting to live calls…")).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByRole("heading", { name: "Calls in progress" })).toBeVisible();
});
