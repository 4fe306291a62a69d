// `npm test`: everything CI checks, in one command. Installs Chromium when it
// is missing, then runs type-check, lint, the import-cycle check, unit + integration tests (vitest, on
// real PostgreSQL), the production build and the browser tests (Playwright),
// and ends with one line `N passed, N failed` summing all suites.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { childProcessEnv } from "../lib/env";

interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  note?: string;
}

const REPORTS = path.resolve(".data/test-reports");
const CHROMIUM = "/usr/bin/chromium";
/** Folders the import-cycle check walks (everything that is the project's own code). */
const CRUISED = ["app", "bin", "components", "conformance", "dev", "lib", "proto", "sim", "test", "e2e", "bench"];

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", ...env }) });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}

function banner(title: string) {
  console.log(`\n━━━ ${title} ${"━".repeat(Math.max(0, 60 - title.length))}`);
}

function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (userInfo().uid !== 0) return `Chromium is missing: install it with \`sudo apt-get install -y chromium\` (Debian), then run npm test again.`;
  console.log("Installing Debian's Chromium for the browser tests (apt-get)…");
  // Another apt-get (a second test run, the machine's own updates) may hold dpkg's lock: wait for it, up to 5 minutes.
  const waitForLock = ["-o", "DPkg::Lock::Timeout=300"];
  const update = spawnSync("apt-get", [...waitForLock, "update", "-qq"], { stdio: "inherit" });
  const install = update.status === 0 ? spawnSync("apt-get", [...waitForLock, "install", "-y", "-qq", "chromium"], { stdio: "inherit", env: childProcessEnv({ DEBIAN_FRONTEND: "noninteractive" }) }) : update;
  return install.status === 0 && existsSync(CHROMIUM) ? undefined : "Installing Chromium with apt-get failed (see above).";
}

async function check(suite: string, command: string, args: string[]): Promise<SuiteResult> {
  banner(suite);
  const code = await run(command, args);
  return { suite, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

async function vitest(): Promise<SuiteResult> {
  banner("Unit, integration and simulator tests (vitest)");
  const report = path.join(REPORTS, "vitest.json");
  const code = await run("node_modules/.bin/vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    const failedSuites = (json.testResults as { status: string; assertionResults: unknown[] }[]).filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
    const result: SuiteResult = { suite: "vitest", passed: json.numPassedTests, failed: json.numFailedTests + failedSuites, skipped: json.numPendingTests + json.numTodoTests };
    // A failed global setup (e.g. no database) runs no test and still exits 0: the report says success false.
    if ((code !== 0 || json.success === false) && result.failed === 0) Object.assign(result, { failed: 1, note: "vitest reported an error outside the tests (see above)" });
    return result;
  } catch {
    return { suite: "vitest", passed: 0, failed: 1, skipped: 0, note: "no report (vitest crashed)" };
  }
}

async function playwright(chromiumProblem: string | undefined): Promise<SuiteResult> {
  banner("Browser tests (Playwright + Chromium)");
  if (chromiumProblem) {
    console.error(chromiumProblem);
    return { suite: "playwright", passed: 0, failed: 1, skipped: 0, note: chromiumProblem };
  }
  const report = path.join(REPORTS, "playwright.json");
  const code = await run("node_modules/.bin/playwright", ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  try {
    const { stats } = JSON.parse(readFileSync(report, "utf8"));
    const result = { suite: "playwright", passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
    if (code !== 0 && result.failed === 0) result.failed = 1;
    return result;
  } catch {
    return { suite: "playwright", passed: 0, failed: 1, skipped: 0, note: "no report (Playwright crashed)" };
  }
}

async function main() {
  rmSync(REPORTS, { recursive: true, force: true });
  mkdirSync(REPORTS, { recursive: true });
  const chromiumProblem = ensureChromium();
  const results: SuiteResult[] = [];
  results.push(await check("type-check", "node_modules/.bin/tsc", ["--noEmit"]));
  results.push(await check("lint", "node_modules/.bin/eslint", ["--max-warnings=0", "."]));
  results.push(await check("import cycles", "node_modules/.bin/depcruise", ["--config", ".dependency-cruiser.cjs", "--output-type", "err", ...CRUISED]));
  results.push(await vitest());
  const build = await check("build", "node_modules/.bin/next", ["build"]);
  results.push(build);
  if (build.failed === 0) results.push(await playwright(chromiumProblem));
  else results.push({ suite: "playwright", passed: 0, failed: 1, skipped: 0, note: "not run: the build failed" });

  banner("Summary");
  for (const r of results) {
    console.log(`${r.suite.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed${r.skipped ? ` ${r.skipped} skipped` : ""}${r.note ? `  (${r.note})` : ""}`);
  }
  const total = results.reduce((acc, r) => ({ passed: acc.passed + r.passed, failed: acc.failed + r.failed, skipped: acc.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
  console.log(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
  process.exit(total.failed === 0 ? 0 : 1);
}

void main();
