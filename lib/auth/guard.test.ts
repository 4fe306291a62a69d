import { beforeAll, describe, expect, it } from "vitest";
import { GET as getTenant } from "@/app/api/tenants/[slug]/route";
import { GET as getAudit } from "@/app/api/tenants/[slug]/audit/route";
import { db } from "../db";
import { renameTenant } from "../tenants/rename-tenant";
import { createTenant, createUser } from "../../test/support/fixtures";
import { cookieJar, cookiesFor, requestAs, sessionToken } from "../../test/support/sessions";

let tenantA: { id: string; slug: string };
let tenantB: { id: string; slug: string };
let adminA: { id: string };
let support: { id: string };

beforeAll(async () => {
  tenantA = await createTenant("tenant-a");
  tenantB = await createTenant("tenant-b");
  adminA = await createUser({ tenantIds: [tenantA.id] });
  support = await createUser({ role: "support" });
});

const ctx = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe("guard on route handlers", () => {
  it("serves a member their tenant", async () => {
    const res = await getTenant(await requestAs(adminA.id, "http://x/api/tenants/tenant-a"), ctx("tenant-a"));
    expect(res.status).toBe(200);
    expect((await res.json()).tenant.slug).toBe("tenant-a");
  });

  it("answers 404 — not the data — for another tenant", async () => {
    const res = await getTenant(await requestAs(adminA.id, "http://x/api/tenants/tenant-b"), ctx("tenant-b"));
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain("tenant-b");
    expect(body).not.toContain(tenantB.id);
    const audit = await getAudit(await requestAs(adminA.id, "http://x/api/tenants/tenant-b/audit"), ctx("tenant-b"));
    expect(audit.status).toBe(404);
  });

  it("gives the same 404 for a tenant that does not exist", async () => {
    const res = await getTenant(await requestAs(adminA.id, "http://x/api/tenants/nope"), ctx("nope"));
    expect(res.status).toBe(404);
  });

  it("lets support read every tenant", async () => {
    for (const slug of ["tenant-a", "tenant-b"]) {
      const res = await getTenant(await requestAs(support.id, `http://x/api/tenants/${slug}`), ctx(slug));
      expect(res.status).toBe(200);
    }
  });

  it("answers 401 without a session, with a forged one, and with an expired one", async () => {
    expect((await getTenant(await requestAs(null, "http://x/api/tenants/tenant-a"), ctx("tenant-a"))).status).toBe(401);
    const forged = await sessionToken(adminA.id, 3600, "another-secret-another-secret-another-secret");
    const expired = await sessionToken(adminA.id, -60);
    for (const token of [forged, expired, "not-a-jwt"]) {
      const req = new Request("http://x/api/tenants/tenant-a", { headers: { cookie: `next-auth.session-token=${token}` } });
      const res = await getTenant(req, ctx("tenant-a"));
      expect(res.status).toBe(401);
    }
  });

  it("rejects a bad query with a clear 400", async () => {
    const res = await getAudit(await requestAs(adminA.id, "http://x/api/tenants/tenant-a/audit?take=9999"), ctx("tenant-a"));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("Invalid filter: Page size: must be at most 200");
  });
});

describe("guard on server actions", () => {
  it("renames the viewer's tenant and audits it", async () => {
    const result = await renameTenant(await cookiesFor(adminA.id), { slug: "tenant-a", name: "Renamed A" });
    expect(result).toEqual({ ok: true, data: { name: "Renamed A" } });
    const entry = await db().auditLog.findFirst({ where: { tenantId: tenantA.id, action: "tenant.rename" } });
    expect(entry?.actorUserId).toBe(adminA.id);
  });

  it("refuses another tenant with not_found and changes nothing", async () => {
    const result = await renameTenant(await cookiesFor(adminA.id), { slug: "tenant-b", name: "Hijacked" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("not_found");
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenantB.id } })).name).not.toBe("Hijacked");
  });

  it("refuses without a session", async () => {
    const result = await renameTenant(cookieJar(undefined), { slug: "tenant-a", name: "Nobody" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("unauthenticated");
  });

  it("reports invalid fields by name and changes nothing", async () => {
    const before = await db().tenant.findUniqueOrThrow({ where: { id: tenantA.id } });
    const result = await renameTenant(await cookiesFor(adminA.id), { slug: "tenant-a", name: "x" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.fields?.name).toMatch(/at least 2/);
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenantA.id } })).name).toBe(before.name);
  });
});
