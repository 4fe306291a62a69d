// Paged listing against the simulator's recording views, with its
// duplicate_page and out_of_order_page faults: exact counts, no duplicates,
// the ground truth's order.
import { describe, expect, it } from "vitest";
import { listRecordings } from "./list-recordings";
import { simRecordingsFixture } from "../../../test/support/sim-recordings";

const f = simRecordingsFixture({ calls: 40, seed: 5 });

describe("listRecordings", () => {
  it("lists exactly the window's recorded calls, in order, across pages", async () => {
    const listing = await listRecordings({ client: f.newClient(), ...f.window(), pageSize: 7 });
    expect(listing.items.map((i) => i.callId)).toEqual(f.recorded.map((c) => c.callId));
    expect(listing).toMatchObject({ total: f.recorded.length, pages: Math.ceil(f.recorded.length / 7), duplicates: 0, reorderedPages: 0, views: 1 });
    const first = listing.items[0]!;
    const call = f.recorded[0]!;
    expect(first).toMatchObject({ callId: call.callId, sessionId: call.sessionId, durationSec: call.durationSec, sampleRateHz: 8000, contentType: "audio/wav" });
  });

  it("drops repeated pages and restores reversed ones, and counts both exactly", async () => {
    await f.control.addFault({ domainId: f.domainId, type: "duplicate_page", count: 2 });
    await f.control.addFault({ domainId: f.domainId, type: "out_of_order_page", count: 3 });
    const listing = await listRecordings({ client: f.newClient(), ...f.window(), pageSize: 5 });
    const ids = listing.items.map((i) => i.callId);
    expect(ids).toEqual(f.recorded.map((c) => c.callId));
    expect(new Set(ids).size).toBe(ids.length);
    // Two repeated pages of 5; three reversed pages; the repeats are extra pages.
    expect(listing).toMatchObject({ total: f.recorded.length, duplicates: 10, reorderedPages: 3, pages: Math.ceil(f.recorded.length / 5) + 2 });
  });

  it("retries a 503 on a page and still lists everything once", async () => {
    await f.control.addFault({ domainId: f.domainId, endpoint: "/supsvcs/rs/svc/supervisors", type: "status", status: 503, count: 2 });
    const listing = await listRecordings({ client: f.newClient(), ...f.window(), pageSize: 50 });
    expect(listing.items).toHaveLength(f.recorded.length);
    expect(listing.duplicates).toBe(0);
  });
});
