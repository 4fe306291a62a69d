// The install wizard driven as an admin would, one helper per step, shared by
// the install specs. Screenshots go to e2e/screenshots/ when a name is given.
import { expect, type Page } from "@playwright/test";
import type { SandboxDomain } from "../dev/five9-sandbox";

export async function shot(page: Page, name: string | undefined) {
  if (name) await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** Step a: the region only (Connect with Five9 takes the domain from the grant; the API client form asks for it). */
export async function chooseRegion(page: Page, slug: string, screenshot?: string) {
  await page.goto(`/tenants/${slug}/install`);
  await expect(page).toHaveURL(new RegExp(`/tenants/${slug}/install/region$`));
  await page.getByLabel(/^US/).check();
  await expect(page.getByLabel("Five9 domain id")).toHaveCount(0);
  await shot(page, screenshot);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/install\/authorize$/);
}

export async function connectApiClient(page: Page, domain: SandboxDomain, screenshot?: string) {
  await page.getByLabel("Five9 domain id").fill(domain.id);
  await page.getByLabel("Client id").fill(domain.apiClient.clientId);
  await page.getByLabel("Client secret").fill(domain.apiClient.clientSecret);
  await shot(page, screenshot);
  await page.getByRole("button", { name: "Connect API client" }).click();
  await expect(page).toHaveURL(/\/install\/credentials$/);
}

/** Connect with Five9: the simulator's consent page, signed in as the domain's admin. */
export async function connectWithFive9(page: Page, domain: SandboxDomain, decision: "Approve" | "Deny" = "Approve", screenshot?: string) {
  await page.getByRole("button", { name: "Connect with Five9" }).click();
  await expect(page.getByRole("heading", { name: /Authorize Loris/ })).toBeVisible();
  await page.getByLabel("Username").fill(domain.admin.username);
  await page.getByLabel("Password").fill(domain.admin.password);
  await shot(page, screenshot);
  await page.getByRole("button", { name: decision }).click();
}

export async function saveHistoryAccess(page: Page, domain: SandboxDomain, options: { sftp?: boolean; screenshot?: string } = {}) {
  await page.getByLabel("Username", { exact: true }).fill(domain.admin.username);
  await page.getByLabel("Password", { exact: true }).fill(domain.admin.password);
  if (options.sftp) {
    await page.getByLabel(/FTP or SFTP today/).check();
    await page.getByLabel("Protocol").selectOption("sftp");
    await page.getByLabel("Host", { exact: true }).fill(domain.ftp.host);
    await page.getByLabel("Port", { exact: true }).fill(String(domain.ftp.sftpPort));
    await page.getByLabel("FTP username").fill(domain.ftp.username);
    await page.getByLabel("FTP password").fill(domain.ftp.password);
  }
  await shot(page, options.screenshot);
  await page.getByRole("button", { name: "Check and continue" }).click();
  await expect(page).toHaveURL(/\/install\/campaigns$/, { timeout: 20_000 });
}

export async function chooseData(page: Page, options: { liveAudio: boolean; screenshot?: string }) {
  await expect(page.getByRole("checkbox", { name: /Inbound Sales/ })).toBeChecked();
  const live = page.getByRole("checkbox", { name: /Live audio/ });
  if (options.liveAudio) await live.check();
  else await live.uncheck();
  await shot(page, options.screenshot);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(options.liveAudio ? /\/install\/live-audio$/ : /\/install\/verify$/);
}

/** Live audio: generate the details, create the subscription on the simulator's Admin Console page. */
export async function subscribeLiveAudio(page: Page, simBaseUrl: string, domain: SandboxDomain, screenshot?: string) {
  await page.getByRole("button", { name: "Generate subscription details" }).click();
  const token = await page.getByRole("textbox", { name: "Trust token" }).inputValue();
  const grpcEndpoint = await page.getByRole("textbox", { name: "gRPC endpoint" }).inputValue();
  const eventUrl = await page.getByRole("textbox", { name: "Event URL" }).inputValue();
  expect(token.length).toBeGreaterThan(20);
  await shot(page, screenshot);
  const console = await page.context().newPage();
  await console.goto(`${simBaseUrl}/admin/voicestream?domainId=${domain.id}`);
  await console.getByLabel("Name").fill("Loris");
  await console.getByLabel("gRPC endpoint (host:port)").fill(grpcEndpoint);
  await console.getByLabel("Event URL").fill(eventUrl);
  await console.getByLabel("Trust token").fill(token);
  await console.getByRole("button", { name: "Create and validate" }).click();
  await expect(console.getByText("active")).toBeVisible();
  await console.close();
  // Five9's check of the event URL proves nothing about the token: the step waits for a call event with it.
  await expect(page.getByText(/waiting for the first call event/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Continue" })).toBeDisabled();
  // A call starts in a chosen campaign (the e2e domains have no live traffic of their own).
  const now = Date.now();
  const placed = await fetch(`${simBaseUrl}/_sim/domains/${domain.id}/calls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ count: 3, from: new Date(now + 1_000).toISOString(), to: new Date(now + 3_000).toISOString() }) });
  expect(placed.status).toBe(201);
  await expect(page.getByText(/^Receiving/)).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/install\/verify$/);
}

export async function verifyAndFinish(page: Page, screenshot?: string) {
  await page.getByRole("button", { name: "Run checks" }).click();
  await expect(page.getByRole("button", { name: "Finish install" })).toBeEnabled({ timeout: 40_000 });
  const checks = page.getByRole("list", { name: "Health checks" }).getByRole("listitem");
  await expect(checks.filter({ hasText: "Fail" })).toHaveCount(0);
  await shot(page, screenshot);
  await page.getByRole("button", { name: "Finish install" }).click();
  await expect(page.getByText("Loris is installed.")).toBeVisible();
}

export async function uninstall(page: Page, slug: string, data: "keep" | "delete") {
  await page.getByRole("radio", { name: data === "keep" ? /Keep/ : /Delete/ }).check();
  await page.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await page.getByRole("button", { name: "Uninstall Loris" }).click();
  await expect(page.getByText("Uninstalled", { exact: true })).toBeVisible();
}
