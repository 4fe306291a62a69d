import { expect, test } from "@playwright/test";
import { SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { shot } from "./install-steps";

const { slug, email } = SCENARIOS.owner;

test("the Activity tab shows, filters and exports the audit log; the listing says Installed — open", async ({ page }) => {
  await signInAs(page, email);
  await page.goto(`/tenants/${slug}`);
  await page.getByLabel("Display name").fill("E2E owner (renamed)");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").getByText("Saved.")).toBeVisible();

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Activity" }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${slug}/activity$`));
  const table = page.getByRole("table");
  await expect(table.getByRole("row").filter({ hasText: "tenant.rename" })).toContainText(email);
  await expect(table.getByRole("row").filter({ hasText: "tenant.rename" })).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await shot(page, "17-activity");

  await page.getByLabel("Outcome").selectOption("failure");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=failure/);
  await expect(page.getByText("Nothing has happened here yet.")).toBeVisible();

  const csvHref = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
  expect(csvHref).toBe(`/api/tenants/${slug}/audit/csv?outcome=failure`);
  const csv = await page.request.get(`/api/tenants/${slug}/audit/csv`);
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  expect(await csv.text()).toContain(`,${email},tenant.rename,`);

  await page.goto(`/tenants/${slug}/activity?outcome=maybe&colour=red`);
  const alert = page.getByRole("alert").filter({ hasText: "Some filters were not valid" });
  await expect(alert).toContainText("Outcome: must be “success” or “failure”");
  await expect(alert).toContainText("“colour” is not a filter of the activity log");

  await page.goto("/marketplace");
  await expect(page.getByRole("link", { name: "Installed — open" })).toHaveAttribute("href", `/tenants/${slug}`);
  const icon = await page.request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\/svg\+xml/);

  // Leave the workspace as the other specs expect it.
  await page.goto(`/tenants/${slug}`);
  await page.getByLabel("Display name").fill("E2E owner");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").getByText("Saved.")).toBeVisible();
});
