// The per-tenant stream lease on a real database: one run at a time, released
// after, taken over once expired, and an expired holder never cuts short the
// next holder's lease.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { getCursor, withStreamLease } from "./sync-cursor";

const STREAM = "media";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("stream lease", () => {
  it("lets one of two simultaneous runs work, then the next one after release", async () => {
    const tenant = await createTenant();
    await getCursor(tenant.id, STREAM);
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await sleep(300);
      running--;
      return "done";
    };
    const results = await Promise.all([withStreamLease(tenant.id, STREAM, 60_000, work), withStreamLease(tenant.id, STREAM, 60_000, work)]);
    expect(results.filter((r) => r === "done")).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(peak).toBe(1);
    expect(await withStreamLease(tenant.id, STREAM, 60_000, work)).toBe("done");
  });

  it("is released when the work throws", async () => {
    const tenant = await createTenant();
    await expect(withStreamLease(tenant.id, STREAM, 60_000, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withStreamLease(tenant.id, STREAM, 60_000, async () => "again")).toBe("again");
  });

  it("is taken over once expired, and the late holder does not release the new one", async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    let releaseLate!: () => void;
    const late = withStreamLease(tenant.id, STREAM, 30, () => new Promise<string>((resolve) => (releaseLate = () => resolve("late"))));
    await sleep(80);
    let takeover: Promise<string | null> | undefined;
    const taken = await withStreamLease(tenant.id, STREAM, 60_000, async (renew) => {
      releaseLate();
      expect(await late).toBe("late");
      // The late run's release left this lease in place: a third run is refused.
      takeover = withStreamLease(tenant.id, STREAM, 60_000, async () => "third");
      expect(await takeover).toBeNull();
      await renew();
      return "new holder";
    });
    expect(taken).toBe("new holder");
    // Leases are per tenant.
    expect(await withStreamLease(other.id, STREAM, 60_000, async () => "other")).toBe("other");
    const row = await db().syncCursor.findUniqueOrThrow({ where: { tenantId_stream: { tenantId: tenant.id, stream: STREAM } } });
    expect(row.leaseUntil).toBeNull();
  });
});
