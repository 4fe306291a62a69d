import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDay, formatTime } from "./format-time";

describe("one time format, with its zone", () => {
  it("writes a moment as UTC and says so", () => {
    expect(formatTime(new Date("2026-11-20T14:05:09.123Z"))).toBe("2026-11-20 14:05 UTC");
    expect(formatTime("2026-11-20T14:05:09.123Z", { seconds: true })).toBe("2026-11-20 14:05:09 UTC");
    expect(formatTime(Date.UTC(2026, 0, 2, 3, 4))).toBe("2026-01-02 03:04 UTC");
    expect(formatTime(null)).toBe("—");
    expect(formatTime("not a date")).toBe("—");
    expect(formatDay("2026-11-30T23:59:59.999Z")).toBe("2026-11-30");
  });

  it("is the only way pages and components write times (no locale- or zone-less formatting)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && !/\.test\./.test(name)) {
          readFileSync(file, "utf8").split("\n").forEach((line, i) => {
            if (/toLocale(Time|Date)?String\(\)|toLocaleTimeString|toLocaleDateString|\.replace\("T", " "\)|At\??\.slice\(\d+, \d+\)|toISOString\(\)\.slice\(11/.test(line)) offenders.push(`${file}:${i + 1}`);
          });
        }
      }
    };
    walk("app");
    walk("components");
    expect(offenders).toEqual([]);
  });
});
