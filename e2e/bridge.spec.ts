import { expect, test } from "@playwright/test";
import { BRIDGE_SEED, TRANSCRIPT_TEXT, utcDay } from "./bridge-seed";
import { SCENARIOS } from "./fixture";
import { signInAs } from "./helpers";
import { shot } from "./install-steps";

const { slug, email } = SCENARIOS.bridge;

/** A datetime-local value (UTC, minutes) for an instant. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test("the bridge walked from the UI: preview, shadow, cutover at a watermark, the ledger per day, rollback", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, email);
  await page.goto(`/tenants/${slug}`);
  await expect(page.locator("#overview-bridge-mode")).toHaveText("bridge: Legacy (FTP export only)");
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Bridge" }).click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${slug}/bridge$`));
  await expect(page.locator("#bridge-mode-value")).toHaveText("Legacy (FTP export only)");

  // The ledger: per day, what the call log expects against each source.
  const row = (daysBack: number) => page.locator(`#ledger-table tr[data-day="${utcDay(daysBack)}"]`);
  await expect(row(3).locator('[data-col="expected"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));
  await expect(row(3).locator('[data-col="ftp"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));
  await expect(row(3).locator('[data-col="api"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));
  await expect(row(3).locator('[data-col="ftp-transcript"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));
  await expect(row(3).locator('[data-col="api-transcript"]')).toHaveText(String(BRIDGE_SEED.apiTranscripts));
  await expect(page.locator('[data-total="FTP transcripts"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));
  await expect(page.locator('[data-total="API transcripts"]')).toHaveText(String(BRIDGE_SEED.apiTranscripts));
  await expect(row(2).locator('[data-col="expected"]')).toHaveText(String(BRIDGE_SEED.callsPerDay + 1));
  await expect(row(2).locator('[data-col="gaps"]')).toHaveText("1");
  await expect(page.locator('[data-total="Gaps"]')).toHaveText("1");
  await expect(page.getByRole("list", { name: /Candidate calls for \/Sales\// }).getByRole("listitem")).toHaveCount(2);

  // legacy → shadow: preview first, then confirm exactly that.
  const modes = page.getByLabel("Change to");
  await modes.selectOption("shadow");
  await page.getByRole("button", { name: "Preview the change" }).click();
  const preview = page.locator("#bridge-preview");
  await expect(preview.getByRole("heading")).toHaveText("Preview: Legacy (FTP export only) → Shadow (FTP export and APIs side by side) (start shadow)");
  const totalCalls = BRIDGE_SEED.days.length * BRIDGE_SEED.callsPerDay + 1 + BRIDGE_SEED.recentApiOnly;
  await expect(preview.locator('[data-count="Calls"]')).toHaveText(String(totalCalls));
  await expect(preview.locator('[data-count="FTP recordings"]')).toHaveText(String(BRIDGE_SEED.days.length * BRIDGE_SEED.callsPerDay));
  await preview.getByRole("button", { name: "Confirm start shadow" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The bridge mode is now Shadow" })).toBeVisible();
  await expect(page.locator("#bridge-mode-value")).toHaveText("Shadow (FTP export and APIs side by side)");

  // A watermark in the future is refused with the reason, nothing changes.
  await modes.selectOption("cutover");
  await page.getByLabel("Watermark (UTC)").fill(local(Date.now() + 2 * 86_400_000));
  await page.getByRole("button", { name: "Preview the change" }).click();
  await expect(preview.getByRole("alert")).toContainText("is in the future");
  await expect(preview.getByRole("button", { name: /Confirm/ })).toHaveCount(0);

  // shadow → cutover at T, 20 minutes ago: the shadow days agree, so it may go ahead.
  const watermark = local(Date.now() - 20 * 60_000);
  await page.getByLabel("Watermark (UTC)").fill(watermark);
  await page.getByRole("button", { name: "Preview the change" }).click();
  await expect(preview.getByRole("heading")).toContainText("→ Cutover (APIs from the watermark) (cutover)");
  await expect(preview).toContainText(`Calls from ${watermark.replace("T", " ")} UTC: the APIs are authoritative (${BRIDGE_SEED.recentApiOnly} API recordings already stored`);
  await expect(preview.getByRole("row").filter({ hasText: utcDay(2) })).toContainText(`${utcDay(2)}${BRIDGE_SEED.callsPerDay + 1}${BRIDGE_SEED.callsPerDay}${BRIDGE_SEED.callsPerDay}00`);
  await preview.getByRole("button", { name: "Confirm cutover" }).click();
  await expect(page.locator("#bridge-mode-value")).toHaveText("Cutover (APIs from the watermark)");
  await expect(page.locator("#bridge-watermark")).toHaveText(`${watermark.replace("T", " ")} UTC`);
  await shot(page, "20-bridge-cutover");

  // The overview's Data path says the mode and the watermark.
  await page.goto(`/tenants/${slug}`);
  await expect(page.locator("#overview-bridge-mode")).toHaveText(`bridge: Cutover (APIs from the watermark) · watermark ${watermark.replace("T", " ")} UTC`);
  await page.goto(`/tenants/${slug}/bridge`);

  // Rollback to shadow keeps everything either source brought.
  await modes.selectOption("shadow");
  await page.getByRole("button", { name: "Preview the change" }).click();
  await expect(preview.getByRole("heading")).toHaveText("Preview: Cutover (APIs from the watermark) → Shadow (FTP export and APIs side by side) (rollback)");
  await expect(preview).toContainText("Nothing is deleted");
  await preview.getByRole("button", { name: "Confirm rollback" }).click();
  await expect(page.locator("#bridge-mode-value")).toHaveText("Shadow (FTP export and APIs side by side)");
  await expect(page.locator("#bridge-watermark")).toHaveText("—");
  await expect(row(3).locator('[data-col="ftp"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));
  await expect(row(3).locator('[data-col="api"]')).toHaveText(String(BRIDGE_SEED.callsPerDay));

  // The CSV says the same numbers.
  const csv = await (await page.request.get(`/api/tenants/${slug}/bridge/ledger`)).text();
  expect(csv.split("\r\n")[0]).toBe("day,expected,ftp_recordings,api_recordings,ftp_transcripts,api_transcripts,live_audio,only_ftp,only_api,gaps,files_matched,files_ambiguous,files_unmatched");
  expect(csv).toContain(`\r\n${utcDay(3)},${BRIDGE_SEED.callsPerDay},${BRIDGE_SEED.callsPerDay},${BRIDGE_SEED.callsPerDay},${BRIDGE_SEED.callsPerDay},${BRIDGE_SEED.apiTranscripts},0,0,0,0,0,0,0\r\n`);
  expect(csv).toContain(`\r\n${utcDay(2)},${BRIDGE_SEED.callsPerDay + 1},${BRIDGE_SEED.callsPerDay},${BRIDGE_SEED.callsPerDay},0,0,0,0,0,1,0,1,0\r\n`);
  await shot(page, "21-bridge-rolled-back");
});

test("a call's transcript follows the bridge: the authoritative source's is shown, the other kept beside it", async ({ page }) => {
  await signInAs(page, email);
  // The calls list filters on a transcript from any source.
  await page.goto(`/tenants/${slug}/calls?transcript=yes`);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(BRIDGE_SEED.callsPerDay + 1);
  await page.getByRole("link", { name: `B${BRIDGE_SEED.transcriptDay}-0` }).click();
  await expect(page.getByRole("region", { name: "Call", exact: true })).toContainText("Transcript fromFTP/SFTP export, also Five9 API");
  const lines = page.getByRole("list", { name: "Transcript lines" });
  // These calls are before any watermark the other test sets: in every mode it walks through the export is authoritative for them.
  await expect(lines).toContainText(TRANSCRIPT_TEXT.ftp);
  await expect(lines).not.toContainText(TRANSCRIPT_TEXT.api);
});
