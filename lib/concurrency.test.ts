import { describe, expect, it } from "vitest";
import { forEachConcurrently } from "./concurrency";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("forEachConcurrently", () => {
  it("does every item once with at most `limit` in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      done.push(n);
      inFlight--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("starts nothing after the first failure, lets the others finish, then throws that failure", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = forEachConcurrently([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error("refused");
      await tick();
      finished.push(n);
    });
    await expect(run).rejects.toThrow("refused");
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it("handles an empty list", async () => {
    let calls = 0;
    await forEachConcurrently([], 4, async () => void calls++);
    expect(calls).toBe(0);
  });
});
