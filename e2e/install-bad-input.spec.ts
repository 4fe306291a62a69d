import { expect, test, type Page } from "@playwright/test";
import { fixture, SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { chooseRegion, connectWithFive9, shot } from "./install-steps";

const { slug, email } = SCENARIOS.badInput;

async function fieldError(page: Page, label: string | RegExp) {
  const input = page.getByLabel(label, { exact: typeof label === "string" });
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const id = await input.getAttribute("aria-describedby");
  return page.locator(`[id="${id!.split(" ").pop()}"]`);
}

test.describe.configure({ mode: "serial" });

test("each bad input gets a precise message at its field and stores nothing half-valid", async ({ page }) => {
  test.setTimeout(120_000);
  const { domains } = fixture();
  const domain = domains.badInput;
  await signInAs(page, email);

  // The API client form asks for the domain id: invalid, then a domain another workspace holds.
  await chooseRegion(page, slug);
  await page.getByLabel("Five9 domain id").fill("abc");
  await page.getByLabel("Client id").fill(domain.apiClient.clientId);
  await page.getByLabel("Client secret").fill(domain.apiClient.clientSecret);
  await page.getByRole("button", { name: "Connect API client" }).click();
  await expect(await fieldError(page, "Five9 domain id")).toContainText("A Five9 domain id is a number");
  await page.getByLabel("Five9 domain id").fill(domains.owner.id);
  await page.getByRole("button", { name: "Connect API client" }).click();
  await expect(await fieldError(page, "Five9 domain id")).toContainText("already connected to another Loris workspace");
  await expect(page).toHaveURL(/\/install\/authorize$/);

  // Authorize step: wrong client secret.
  await page.getByLabel("Five9 domain id").fill(domain.id);
  await page.getByLabel("Client secret").fill("not-the-secret");
  await page.getByRole("button", { name: "Connect API client" }).click();
  await expect(await fieldError(page, "Client secret")).toContainText("Five9 did not accept this client id and secret");
  await expect(page.getByLabel("Client id")).toHaveValue(domain.apiClient.clientId);
  await shot(page, "10-bad-client-secret");

  // Denied consent: back on our authorize step with a clear message.
  await connectWithFive9(page, domain, "Deny");
  await expect(page).toHaveURL(/\/install\/authorize\?error=denied$/);
  await expect(page.locator("main").getByRole("alert")).toContainText("Authorization was declined");

  // Approve with one kind of access unticked: refused, with what to do.
  await page.getByRole("button", { name: "Connect with Five9" }).click();
  await page.getByRole("checkbox", { name: /recordings/i }).uncheck();
  await page.getByLabel("Username").fill(domain.admin.username);
  await page.getByLabel("Password").fill(domain.admin.password);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(/\/install\/authorize\?error=missing_scopes$/);
  await expect(page.locator("main").getByRole("alert")).toContainText("Not all access was granted");

  // Approve, but replay the same callback URL: refused as already used.
  await page.getByRole("button", { name: "Connect with Five9" }).click();
  await page.getByLabel("Username").fill(domain.admin.username);
  await page.getByLabel("Password").fill(domain.admin.password);
  const callback = page.waitForRequest((r) => r.url().includes("/api/five9/oauth/callback"));
  await page.getByRole("button", { name: "Approve" }).click();
  const callbackUrl = (await callback).url();
  await expect(page).toHaveURL(/\/install\/credentials$/);
  await page.goto(callbackUrl);
  await expect(page.locator("main").getByRole("alert")).toContainText(/already used|Finish in the browser where you started/);

  // Tampered state: a page that says so, nothing else.
  await page.goto("/api/five9/oauth/callback?state=tampered&code=whatever");
  await expect(page.getByRole("heading", { name: "We could not match this authorization" })).toBeVisible();

  // History access: empty fields, wrong password, unreachable SFTP host.
  await page.goto(`/tenants/${slug}/install/credentials`);
  await page.getByRole("button", { name: "Check and continue" }).click();
  await expect(await fieldError(page, "Username")).toContainText("Enter the Five9 username");
  await expect(await fieldError(page, "Password")).toContainText("Enter the password");
  await page.getByLabel("Username", { exact: true }).fill(domain.admin.username);
  await page.getByLabel("Password", { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: "Check and continue" }).click();
  await expect(await fieldError(page, "Password")).toContainText("Five9 did not accept this username and password");

  await page.getByLabel("Password", { exact: true }).fill(domain.admin.password);
  await page.getByLabel(/FTP or SFTP today/).check();
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill("99999");
  await page.getByLabel("FTP username").fill(domain.ftp.username);
  await page.getByLabel("FTP password").fill(domain.ftp.password);
  await page.getByRole("button", { name: "Check and continue" }).click();
  await expect(await fieldError(page, "Port")).toContainText("Ports go from 1 to 65535");
  await page.getByLabel("Port", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Check and continue" }).click();
  await expect(await fieldError(page, "Host")).toBeVisible({ timeout: 20_000 });
  await shot(page, "11-bad-sftp-host");
  await expect(page).toHaveURL(/\/install\/credentials$/);

  // Nothing half-valid was stored: coming back, no history user is saved yet.
  await page.reload();
  await expect(page.getByText(/Saved: /)).toHaveCount(0);
  // And the install is not counted as installed.
  await page.goto(`/tenants/${slug}`);
  await expect(page.getByText("Not installed yet")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Install in progress" })).toBeVisible();
});
