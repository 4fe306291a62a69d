// The suite's outputs: a plain-text pass/fail table (one row per case, the
// failing checks under it) and JUnit XML for CI.
import type { CaseResult } from "./case-types";

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));

export function formatRow(r: CaseResult, width: number): string {
  const mark = r.status === "pass" ? "PASS" : r.status === "fail" ? "FAIL" : "SKIP";
  const seconds = `${(r.durationMs / 1000).toFixed(1)} s`;
  return `${pad(r.id, width)}  ${pad(mark, 6)}  ${pad(seconds, 7)}  ${r.title}`;
}

export function formatTable(results: CaseResult[]): string {
  const width = Math.max(4, ...results.map((r) => r.id.length));
  const lines = [`${pad("case", width)}  result  time     what`, `${"-".repeat(width)}  ------  -------  ${"-".repeat(40)}`];
  for (const r of results) {
    lines.push(formatRow(r, width));
    for (const k of r.checks.filter((c) => !c.ok)) lines.push(`${" ".repeat(width + 2)}✗ ${k.name}${k.detail ? ` — ${k.detail}` : ""}`);
    if (r.skipReason) lines.push(`${" ".repeat(width + 2)}(${r.skipReason})`);
  }
  const count = (s: CaseResult["status"]) => results.filter((r) => r.status === s).length;
  lines.push("", `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped (${results.length} cases)`);
  return lines.join("\n");
}

/** Every check and note of every case, for --verbose-like reading of a failure. */
export function formatDetails(results: CaseResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.id}: ${r.status}`);
    for (const k of r.checks) out.push(`  ${k.ok ? "✓" : "✗"} ${k.name}${k.detail ? ` — ${k.detail}` : ""}`);
    for (const n of r.notes) out.push(`  · ${n}`);
  }
  return out.join("\n");
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

export function toJUnit(results: CaseResult[], target: string): string {
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const failures = results.filter((r) => r.status === "fail").length;
  const skipped = results.filter((r) => r.status === "skip").length;
  const total = results.reduce((s, r) => s + r.durationMs, 0);
  const cases = results.map((r) => {
    const body =
      r.status === "skip"
        ? `<skipped message="${xml(r.skipReason ?? "")}"/>`
        : r.status === "fail"
          ? `<failure message="${xml(r.checks.filter((k) => !k.ok).map((k) => k.name).join("; "))}">${xml(r.checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail ?? ""}`).join("\n"))}</failure>`
          : "";
    const out = [...r.checks.map((k) => `${k.ok ? "ok" : "FAIL"} ${k.name}${k.detail ? ` — ${k.detail}` : ""}`), ...r.notes.map((n) => `note: ${n}`)].join("\n");
    return `    <testcase classname="voicestream.conformance" name="${xml(r.id)}" time="${time(r.durationMs)}">${body}<system-out>${xml(out)}</system-out></testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="voicestream-conformance" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${time(total)}">`,
    `  <testsuite name="voicestream-conformance ${xml(target)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(total)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
