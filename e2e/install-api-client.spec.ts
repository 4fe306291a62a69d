import { expect, test } from "@playwright/test";
import { fixture, SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { chooseData, chooseRegion, connectApiClient, saveHistoryAccess, shot, subscribeLiveAudio, verifyAndFinish } from "./install-steps";

const { slug, email } = SCENARIOS.apiClient;

// The install comes first; the backfill then reads the installed domain's call log.
test.describe.configure({ mode: "serial" });

test("an admin installs from the listing with an API client, SFTP export and live audio, and sees a healthy overview", async ({ page }) => {
  test.setTimeout(180_000);
  const { domains, simBaseUrl } = fixture();
  const domain = domains.apiClient;
  await signInAs(page, email);

  await page.goto("/marketplace");
  await shot(page, "01-listing");
  await page.getByRole("link", { name: "Install", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${slug}/install/region$`));
  await expect(page.getByRole("navigation", { name: "Install progress" }).getByRole("link", { name: /Five9 region/ })).toHaveAttribute("aria-current", "step");

  await chooseRegion(page, slug, "02-region");
  await connectApiClient(page, domain, "03-authorize");
  // Leaving and coming back resumes at the furthest step.
  await page.goto(`/tenants/${slug}/install`);
  await expect(page).toHaveURL(/\/install\/credentials$/);
  await saveHistoryAccess(page, domain, { sftp: true, screenshot: "04-history-access" });
  // Back works, and forward again keeps what was saved.
  await page.getByRole("link", { name: "← Back" }).click();
  await expect(page.getByText(/Saved: /)).toBeVisible();
  await page.goto(`/tenants/${slug}/install/campaigns`);
  await chooseData(page, { liveAudio: true, screenshot: "05-campaigns" });
  await subscribeLiveAudio(page, simBaseUrl, domain, "06-live-audio");
  await verifyAndFinish(page, "07-verify");

  await expect(page.getByText("Installed", { exact: true })).toBeVisible();
  await expect(page.getByRole("list", { name: "Health checks" })).toContainText("Supervisor login and session start work.");
  await expect(page.getByRole("img", { name: /Last \d+ health runs/ })).toBeVisible();
  await expect(page.getByRole("table").getByText("install.completed")).toBeVisible();
  await shot(page, "08-overview");

  // No secret reaches the browser.
  const html = await page.content();
  for (const secret of [domain.apiClient.clientSecret, domain.admin.password, domain.ftp.password]) expect(html).not.toContain(secret);
  const api = await page.request.get(`/api/tenants/${slug}/health-runs/latest`);
  expect(api.status()).toBe(200);
  expect(await api.text()).not.toContain(domain.apiClient.clientSecret);
});

test("a backfill shows its progress live and the status views and call list fill in", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, email);
  await page.goto(`/tenants/${slug}`);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Ingestion" }).click();
  await expect(page.getByRole("heading", { name: "Backfills" })).toBeVisible();

  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  // Bad input first: a range that ends before it starts.
  await page.getByLabel("First day").fill(day(-1));
  await page.getByLabel("Last day").fill(day(-3));
  await page.getByRole("button", { name: "Start backfill" }).click();
  await expect(page.locator("#backfill-to-error")).toContainText("on or after the first day");

  await page.getByLabel("First day").fill(day(-3));
  await page.getByLabel("Last day").fill(day(0));
  await page.getByRole("button", { name: "Start backfill" }).click();
  const backfill = page.getByRole("listitem", { name: new RegExp(`Backfill ${day(-3)}`) });
  await expect(backfill).toBeVisible();
  const progress = backfill.getByRole("progressbar");
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 120_000, intervals: [1000] }).toBeGreaterThan(0);
  await shot(page, "12-backfill-running");
  await expect(backfill.getByTestId("backfill-status")).toHaveText("Done", { timeout: 150_000 });
  await expect(progress).toHaveAttribute("aria-valuenow", "100");
  await expect(backfill).toContainText(/[1-9]\d* calls found/);

  // The status views fill in without a reload.
  const stored = page.locator("dt", { hasText: "Calls stored" }).locator("xpath=following-sibling::dd");
  await expect(stored).not.toHaveText("0");
  await expect(page.getByRole("img", { name: "Calls per day, with recording and with transcript" })).toBeVisible();
  await shot(page, "13-ingestion");

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Calls" }).click();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  await page.getByLabel("Campaign").selectOption("Inbound Sales");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/campaign=Inbound\+Sales/);
  await expect(page.getByRole("table").getByText("Customer Support")).toHaveCount(0);
  await shot(page, "14-calls");
  // Recordings and transcripts follow the backfill: a recorded call plays, with its transcript.
  await expect.poll(async () => {
    await page.goto(`/tenants/${slug}/calls?recording=yes&transcript=yes`);
    return page.getByRole("table").getByRole("link").count();
  }, { timeout: 120_000, intervals: [3000] }).toBeGreaterThan(0);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /^Call / })).toBeVisible();
  const audio = page.locator("audio");
  await expect(audio).toHaveAttribute("src", /\/recording$/);
  const wav = await page.request.get((await audio.getAttribute("src"))!, { headers: { range: "bytes=0-11" } });
  expect(wav.status()).toBe(206);
  expect((await wav.body()).subarray(8, 12).toString()).toBe("WAVE");
  await expect(page.getByRole("list", { name: "Transcript lines" }).getByRole("listitem").first()).toBeVisible();
  await shot(page, "15-call");
});

test("a long backfill can be paused, resumed and cancelled from the page", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, email);
  await page.goto(`/tenants/${slug}/ingestion`);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("First day").fill(day(-120));
  await page.getByLabel("Last day").fill(day(-60));
  await page.getByRole("button", { name: "Start backfill" }).click();
  const backfill = page.getByRole("listitem", { name: new RegExp(`Backfill ${day(-120)}`) });
  const status = backfill.getByTestId("backfill-status");
  await expect(status).toHaveText(/Queued|Running/);
  await backfill.getByRole("button", { name: "Pause" }).click();
  await expect(status).toHaveText("Paused");
  // The report window under way when Pause was pressed may still finish (at most one more day); then nothing moves.
  const daysDone = async () => Number(/(\d+) of \d+ days/.exec((await backfill.textContent()) ?? "")?.[1]);
  const pausedAt = await daysDone();
  await page.waitForTimeout(6000);
  expect(await daysDone()).toBeLessThanOrEqual(pausedAt + 1);
  await backfill.getByRole("button", { name: "Resume" }).click();
  await expect(status).toHaveText(/Queued|Running/);
  await backfill.getByRole("button", { name: "Cancel" }).click();
  await expect(status).toHaveText("Cancelled");
  await expect(backfill.getByRole("button")).toHaveCount(0);
});

test("every page of the workspace fits a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, email);
  for (const path of [`/tenants/${slug}`, `/tenants/${slug}/install/verify`, `/tenants/${slug}/ingestion`, `/tenants/${slug}/calls`, "/marketplace"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
  }
  await page.goto(`/tenants/${slug}/install/verify`);
  await shot(page, "16-phone-verify");
});

test("another workspace's admin can see nothing of this install and do nothing to it", async ({ page }) => {
  await signInAs(page, SCENARIOS.badInput.email);
  for (const path of [`/tenants/${slug}`, `/tenants/${slug}/install/region`, `/tenants/${slug}/install/verify`]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  for (const path of [`/api/tenants/${slug}/health-runs/latest`, `/api/tenants/${slug}/voicestream`, `/api/tenants/${slug}/deletions/latest`]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
});
