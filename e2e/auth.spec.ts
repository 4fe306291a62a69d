import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { E2E_BASE_URL } from "./base-url";
import { mainNav, signIn, signInAs } from "./helpers";

test.describe("sign-in and roles", () => {
  test("a customer admin signs in, sees only their tenant and their navigation, and signs out", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    await expect(page.getByRole("heading", { name: "My tenants" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "My tenants" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Support console" })).toHaveCount(0);
    const tenants = page.getByRole("list", { name: "Tenants" });
    await expect(tenants.getByText("Acme Support Center")).toBeVisible();
    await expect(tenants.getByText("Globex Care")).toHaveCount(0);
    await page.screenshot({ path: "test-results/screens/tenants-customer-admin.png", fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You have signed out.")).toBeVisible();
    await page.goto("/tenants");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("support signs in and sees every tenant and the support console", async ({ page }) => {
    await signInAs(page, "support@loris.test");
    await expect(page.getByRole("heading", { name: "All tenants" })).toBeVisible();
    await expect(page.getByTestId("viewer-role")).toHaveText("Loris support");
    await mainNav(page).getByRole("link", { name: "Support console" }).click();
    await expect(page.getByRole("heading", { name: "Support console" })).toBeVisible();
    const table = page.getByRole("table");
    await expect(table.getByRole("link", { name: "Acme Support Center" })).toBeVisible();
    await expect(table.getByRole("link", { name: "Globex Care" })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/support-console.png", fullPage: true });
  });

  test("a customer admin is refused another tenant's page, data and the support console", async ({ page }) => {
    await signInAs(page, "admin@acme.test");
    const response = await page.goto("/tenants/globex");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Globex Care")).toHaveCount(0);

    expect((await page.goto("/support"))?.status()).toBe(404);
    const api = await page.request.get("/api/tenants/globex");
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain("Globex");
    const own = await page.request.get("/api/tenants/acme");
    expect(own.status()).toBe(200);
  });

  test("a wrong password gets one clear message that reveals nothing", async ({ page }) => {
    await signIn(page, "admin@globex.test", "wrong-password");
    const message = page.locator("#signin-error");
    await expect(message).toHaveText("Email or password is incorrect.");
    await expect(message).toHaveAttribute("role", "alert");
    await signIn(page, "nobody@nowhere.test", "wrong-password");
    await expect(message).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a forged session cookie is signed out and shown nothing", async ({ page, context }) => {
    const forged = await encode({ token: { sub: "someone" }, secret: "a-secret-that-is-not-the-servers-secret!!", maxAge: 3600 });
    await context.addCookies([{ name: "next-auth.session-token", value: forged, url: E2E_BASE_URL }]);
    await page.goto("/tenants");
    await expect(page).toHaveURL(/\/signin/);
    expect((await page.request.get("/api/tenants/acme")).status()).toBe(401);
  });
});

test.describe("tenant settings (server action)", () => {
  test("renames the tenant, reports a bad name at the field, and audits the change", async ({ page }) => {
    await signInAs(page, "admin@globex.test");
    await page.goto("/tenants/globex");
    const name = page.getByLabel("Display name");
    await name.fill("G");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Name must be at least 2 characters")).toBeVisible();
    await expect(name).toHaveAttribute("aria-invalid", "true");

    await name.fill("Globex Customer Care");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").getByText("Saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Globex Customer Care" })).toBeVisible();
    await expect(page.getByRole("table").getByText("tenant.rename")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/tenant-overview.png", fullPage: true });
  });
});
