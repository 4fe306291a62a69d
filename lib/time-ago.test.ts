import { describe, expect, it } from "vitest";
import { timeAgo } from "./time-ago";

const NOW = Date.parse("2026-12-02T12:00:00Z");
const before = (ms: number) => new Date(NOW - ms);

describe("timeAgo", () => {
  it("says it as people do, from just now to days", () => {
    expect(timeAgo(null, NOW)).toBe("never");
    expect(timeAgo(before(20_000), NOW)).toBe("just now");
    expect(timeAgo(before(60_000), NOW)).toBe("1 min ago");
    expect(timeAgo(before(119 * 60_000), NOW)).toBe("119 min ago");
    expect(timeAgo(before(3 * 3_600_000), NOW)).toBe("3 h ago");
    expect(timeAgo(new Date(NOW - 3 * 86_400_000).toISOString(), NOW)).toBe("3 days ago");
  });

  it("treats a time a little in the future (clock skew) as just now", () => {
    expect(timeAgo(new Date(NOW + 30_000), NOW)).toBe("just now");
  });
});
