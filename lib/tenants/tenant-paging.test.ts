// Scale hygiene of the read side: tenant lists come a page at a time, and
// the support overview and the call-filter pickers let the database do the
// DISTINCT / GROUP BY instead of loading rows to filter in memory.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { tenantsForViewer, type Viewer } from "../auth/guard";
import { callFilterOptions } from "../ingestion-status/calls";
import { supportOverview } from "./support-overview";
import { tenantPageParam } from "./tenant-page-param";
import { tenantStatusCounts } from "./tenant-status-counts";
import { createTenant } from "../../test/support/fixtures";
import { recordQueries } from "../../test/support/query-log";

const support: Viewer = { id: "s", email: "s@loris.test", name: "S", role: "support", tenantIds: [] };
let ids: string[] = [];

beforeAll(async () => {
  // Seven tenants, two sharing a createdAt (the id breaks the tie).
  const base = Date.parse("2026-11-01T00:00:00Z");
  for (let i = 0; i < 7; i++) {
    const t = await createTenant(`page-${i}`);
    await db().tenant.update({ where: { id: t.id }, data: { createdAt: new Date(base + Math.min(i, 5) * 60_000), status: i % 2 ? "installed" : "pending" } });
    ids.push(t.id);
  }
  ids = (await db().tenant.findMany({ where: { id: { in: ids } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] })).map((t) => t.id);
});

describe("tenantsForViewer pages", () => {
  it("walks every tenant newest first, each once, a page at a time", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await tenantsForViewer(support, { after, take: 3 });
      expect(page.tenants.length).toBeLessThanOrEqual(3);
      seen.push(...page.tenants.map((t) => t.id));
      after = page.next ?? undefined;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("asks the database for one page (LIMIT take + 1), never every tenant", async () => {
    const { queries } = await recordQueries(() => tenantsForViewer(support, { take: 3 }));
    expect(queries.filter((q) => q.includes('"Tenant"'))).toHaveLength(1);
    expect(queries[0]).toMatch(/LIMIT/i);
  });

  it("shows a customer admin only their own tenants, paged the same way", async () => {
    const admin: Viewer = { ...support, role: "customer_admin", tenantIds: [ids[1]!, ids[4]!, ids[6]!] };
    const first = await tenantsForViewer(admin, { take: 2 });
    expect(first.tenants.map((t) => t.id)).toEqual([ids[1], ids[4]]);
    const second = await tenantsForViewer(admin, { take: 2, after: first.next! });
    expect(second).toEqual({ tenants: [expect.objectContaining({ id: ids[6] })], next: null });
  });

  it("takes a page link from the URL, and says when one was edited into nonsense", () => {
    expect(tenantPageParam(undefined)).toEqual({ invalid: false });
    expect(tenantPageParam("2026-11-01T00:05:00.000Z|abc123")).toEqual({ after: "2026-11-01T00:05:00.000Z|abc123", invalid: false });
    expect(tenantPageParam("'; drop table")).toEqual({ invalid: true });
  });

  it("counts tenants by status in the database", async () => {
    const counts = await tenantStatusCounts();
    expect((counts.installed ?? 0) + (counts.pending ?? 0)).toBeGreaterThanOrEqual(7);
  });
});

describe("no distinct in memory", () => {
  it("support overview reads only each tenant's latest finished run", async () => {
    const [a] = ids as [string];
    for (let h = 0; h < 5; h++) {
      const run = await db().healthRun.create({ data: { tenantId: a, trigger: "scheduled", startedAt: new Date(Date.UTC(2026, 10, 20, h)), finishedAt: new Date(Date.UTC(2026, 10, 20, h, 1)) } });
      await db().healthResult.create({ data: { runId: run.id, tenantId: a, checkId: "token", title: "t", status: h === 4 ? "warn" : "fail", message: "m", durationMs: 1 } });
    }
    await db().healthRun.create({ data: { tenantId: a, trigger: "manual", startedAt: new Date(Date.UTC(2026, 10, 20, 6)) } }); // still running: not the verdict
    const { result, queries } = await recordQueries(() => supportOverview(ids));
    expect(result.get(a)!.health).toEqual({ fail: 0, warn: 1, at: "2026-11-20T04:00:00.000Z" });
    const runQuery = queries.find((q) => q.includes('"HealthRun"'))!;
    expect(runQuery).toMatch(/LIMIT 1/);
    expect(queries.some((q) => q.includes('"HealthResult"') && /GROUP BY/i.test(q))).toBe(true);
  });

  it("call-filter pickers group in SQL and name each agent once", async () => {
    const [t] = ids as [string];
    const rows = [
      { campaign: "Sales", agentUsername: "ann", agentName: "Ann" },
      { campaign: "Sales", agentUsername: "ann", agentName: "Ann" },
      { campaign: "Support", agentUsername: "bob", agentName: null },
      { campaign: null, agentUsername: null, agentName: null },
    ];
    for (const [i, r] of rows.entries()) await db().call.create({ data: { tenantId: t, five9CallId: `PK${i}`, startedAt: new Date(Date.UTC(2026, 10, 1, i)), raw: {}, ...r } });
    const { result, queries } = await recordQueries(() => callFilterOptions(t));
    expect(result).toEqual({ campaigns: ["Sales", "Support"], agents: [{ username: "ann", name: "Ann" }, { username: "bob", name: null }] });
    const callQueries = queries.filter((q) => q.includes('"Call"'));
    expect(callQueries).toHaveLength(2);
    for (const q of callQueries) expect(q).toMatch(/GROUP BY/i);
  });
});
