import { describe, expect, it } from "vitest";
import { batchQueue } from "./batch-queue";

describe("batchQueue", () => {
  it("writes a burst in few batches, one at a time, each item getting its own result", async () => {
    const batches: number[][] = [];
    let running = 0;
    let overlapped = false;
    const square = batchQueue(async (items: number[]) => {
      overlapped ||= running > 0;
      running++;
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return items.map((n) => n * n);
    }, { maxBatch: 40 });
    const first = await Promise.all(Array.from({ length: 100 }, (_, i) => square(i)));
    expect(first).toEqual(Array.from({ length: 100 }, (_, i) => i * i));
    expect(batches.map((b) => b.length)).toEqual([40, 40, 20]);
    expect(overlapped).toBe(false);
  });

  it("items handed in while a batch is written go in the next batch", async () => {
    const batches: string[][] = [];
    const echo = batchQueue(async (items: string[]) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 10));
      return items;
    }, { maxBatch: 100 });
    const a = echo("a");
    await new Promise((r) => setTimeout(r, 2));
    const later = [echo("b"), echo("c")];
    expect(await Promise.all([a, ...later])).toEqual(["a", "b", "c"]);
    expect(batches).toEqual([["a"], ["b", "c"]]);
  });

  it("a failing batch rejects only its own items; a writer returning the wrong count is an error", async () => {
    let calls = 0;
    const flaky = batchQueue(async (items: number[]) => {
      if (calls++ === 0) throw new Error("database down");
      return items;
    }, { maxBatch: 10 });
    await expect(flaky(1)).rejects.toThrow("database down");
    await expect(flaky(2)).resolves.toBe(2);

    const short = batchQueue(async (items: number[]) => items.slice(1), { maxBatch: 10 });
    await expect(Promise.all([short(1), short(2)])).rejects.toThrow("returned 1 results for 2 items");
  });
});
