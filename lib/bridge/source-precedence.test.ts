// A call with a recording from the API and one from the FTP export: both kept,
// the API's one used (call page, download), and the call counted once.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { callDetail, listCalls, recordingOf, parseCallFilters } from "../ingestion-status/calls";
import { dailyStats } from "../ingestion-status/daily-stats";

describe("one call, many sources", () => {
  it("keeps both recordings, uses the API's, and counts the call once", async () => {
    const tenant = await createTenant();
    const now = new Date("2026-11-20T12:00:00Z");
    const call = await db().call.create({ data: { tenantId: tenant.id, five9CallId: "P1", startedAt: new Date("2026-11-20T10:00:00Z"), raw: {}, provenance: { agentUsername: "ftp" } } });
    await db().callRecording.create({ data: { tenantId: tenant.id, callId: call.id, source: "ftp", blobKey: "k-ftp", sha256: "f".repeat(64), bytes: 10n } });
    await db().callRecording.create({ data: { tenantId: tenant.id, callId: call.id, source: "api", blobKey: "k-api", sha256: "a".repeat(64), bytes: 20n } });
    await expect(db().callRecording.create({ data: { tenantId: tenant.id, callId: call.id, source: "api", blobKey: "k2", sha256: "b".repeat(64), bytes: 1n } })).rejects.toThrow();

    const detail = await callDetail(tenant.id, call.id);
    expect(detail).toMatchObject({ recording: { source: "api", bytes: 20 }, recordingSources: ["api", "ftp"], provenance: { agentUsername: "ftp" } });
    expect((await recordingOf(tenant.id, call.id))?.blobKey).toBe("k-api");
    const filters = parseCallFilters({ recording: "yes" });
    expect(filters.success && (await listCalls(tenant.id, filters.data)).calls.map((c) => c.id)).toEqual([call.id]);
    const today = (await dailyStats(tenant.id, 1, now)).days[0];
    expect(today).toMatchObject({ calls: 1, withRecording: 1 });

    // Without the API's recording, the FTP copy is used.
    await db().callRecording.delete({ where: { callId_source: { callId: call.id, source: "api" } } });
    expect((await callDetail(tenant.id, call.id))?.recording).toMatchObject({ source: "ftp" });
  });
});
