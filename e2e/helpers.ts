import { expect, type Page } from "@playwright/test";
import { demoPassword } from "../dev/demo/seed-data";

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  await expect(page).toHaveURL(/\/tenants$/);
}

export function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}
