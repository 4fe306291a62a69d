import { expect, test } from "@playwright/test";
import { fixture, SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { chooseData, chooseDomain, connectApiClient, saveHistoryAccess, shot, subscribeLiveAudio, verifyAndFinish } from "./install-steps";

const { slug, email } = SCENARIOS.apiClient;

test("an admin installs from the listing with an API client, SFTP export and live audio, and sees a healthy overview", async ({ page }) => {
  test.setTimeout(120_000);
  const { domains, simBaseUrl } = fixture();
  const domain = domains.apiClient;
  await signInAs(page, email);

  await page.goto("/marketplace");
  await shot(page, "01-listing");
  await page.getByRole("link", { name: "Install", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${slug}/install/region$`));
  await expect(page.getByRole("navigation", { name: "Install progress" }).getByRole("link", { name: /Five9 domain/ })).toHaveAttribute("aria-current", "step");

  await chooseDomain(page, slug, domain.id, "02-region");
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

test("another workspace's admin can see nothing of this install and do nothing to it", async ({ page }) => {
  await signInAs(page, SCENARIOS.badInput.email);
  for (const path of [`/tenants/${slug}`, `/tenants/${slug}/install/region`, `/tenants/${slug}/install/verify`]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  for (const path of [`/api/tenants/${slug}/health-runs/latest`, `/api/tenants/${slug}/voicestream`, `/api/tenants/${slug}/deletions/latest`]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
});
