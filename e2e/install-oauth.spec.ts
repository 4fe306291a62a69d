import { expect, test } from "@playwright/test";
import { fixture, SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { chooseData, chooseRegion, connectWithFive9, saveHistoryAccess, shot, uninstall, verifyAndFinish } from "./install-steps";

const { slug, email } = SCENARIOS.oauth;

test("Connect with Five9: install, uninstall deleting the data, then reinstall", async ({ page }) => {
  test.setTimeout(240_000);
  const domain = fixture().domains.oauth;
  await signInAs(page, email);

  await chooseRegion(page, slug);
  await connectWithFive9(page, domain, "Approve", "03b-consent");
  await expect(page).toHaveURL(/\/install\/credentials$/);
  await saveHistoryAccess(page, domain);
  await chooseData(page, { liveAudio: false });
  await verifyAndFinish(page);
  await expect(page.getByText("Connect with Five9 · Active")).toBeVisible();

  // Uninstall, deleting the data: tokens revoked, progress shown to the final report.
  await uninstall(page, slug, "delete");
  await expect(page.getByText(/Deleted: \d+ (health runs?|calls?)/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Data deletion" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("table").getByText("install.uninstalled")).toBeVisible();
  await shot(page, "09-uninstalled");
  const grants = await (await page.request.get(`${fixture().simBaseUrl}/_sim/oauth/grants?domainId=${domain.id}`)).json() as { grants: { revoked: boolean }[] };
  expect(grants.grants.length).toBeGreaterThan(0);
  expect(grants.grants.every((g) => g.revoked)).toBe(true);

  // Reinstall the same domain from scratch.
  await page.getByRole("link", { name: "Install Loris" }).click();
  await chooseRegion(page, slug);
  await connectWithFive9(page, domain);
  await expect(page).toHaveURL(/\/install\/credentials$/);
  await saveHistoryAccess(page, domain);
  await chooseData(page, { liveAudio: false });
  await verifyAndFinish(page);
  await expect(page.getByText("Installed", { exact: true })).toBeVisible();

  // Re-authorize from the overview: back to the overview, not through the wizard again.
  await page.getByRole("link", { name: "Re-authorize" }).click();
  await connectWithFive9(page, domain);
  await expect(page.getByText("Loris was re-authorized with Five9.")).toBeVisible();
  await expect(page.getByText("Installed", { exact: true })).toBeVisible();
});
