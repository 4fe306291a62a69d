// One poll per tenant at a time: while a run holds the tenant's legacy_export
// lease, another job for the same tenant does nothing; a tenant without an
// export is "not_configured".
import pino from "pino";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { withStreamLease } from "../ingest/sync-cursor";
import { createTenant } from "../../test/support/fixtures";
import { contextFor } from "../crypto/sealed-fields";
import { sealSecret } from "../crypto/secrets";
import { LEGACY_STREAM, pollLegacyExport } from "./legacy-import";
import { legacyImportJob } from "./legacy-jobs";

const context = () => ({ jobId: "test", log: pino({ level: "silent" }), signal: new AbortController().signal });

describe("legacy import job", () => {
  it("skips a tenant whose poll is already running, and runs once the lease is free", async () => {
    const tenant = await createTenant();
    const inside = await withStreamLease(tenant.id, LEGACY_STREAM, 60_000, () => legacyImportJob.handler({ tenantId: tenant.id }, context()));
    expect(inside).toEqual({ outcome: "busy" });
    expect(await legacyImportJob.handler({ tenantId: tenant.id }, context())).toMatchObject({ outcome: "not_configured" });
    const cursor = await db().syncCursor.findUniqueOrThrow({ where: { tenantId_stream: { tenantId: tenant.id, stream: LEGACY_STREAM } } });
    expect(cursor.leaseUntil).toBeNull();
  });

  it("says why when the export server cannot be reached, and changes nothing", async () => {
    const tenant = await createTenant();
    await db().legacyExportSource.create({
      data: { tenantId: tenant.id, protocol: "sftp", host: "127.0.0.1", port: 1, username: "x", passwordSealed: sealSecret("secret-1", contextFor("legacyExportSource", tenant.id, "passwordSealed")) },
    });
    const result = await pollLegacyExport(tenant.id, { timeoutMs: 2_000 });
    expect(result.outcome).toBe("unreachable");
    expect(result.totals.errors[0]).toMatch(/could not log in to the SFTP export at 127\.0\.0\.1:1/);
    const cursor = await db().syncCursor.findUniqueOrThrow({ where: { tenantId_stream: { tenantId: tenant.id, stream: LEGACY_STREAM } } });
    expect(cursor.lastError).toMatch(/could not log in/);
    expect(JSON.stringify(result)).not.toContain("secret-1");
    expect(await db().legacyFile.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
