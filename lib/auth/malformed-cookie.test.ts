// A cookie header that does not decode (`x=%E0%A4%A`, seen from a broken
// client) used to make every tenant API route and the OAuth callback answer
// 500. The bad pair is ignored; the session cookie beside it still counts.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getTenant } from "@/app/api/tenants/[slug]/route";
import { GET as getAudit } from "@/app/api/tenants/[slug]/audit/route";
import { GET as getCalls } from "@/app/api/tenants/[slug]/calls/route";
import { GET as getIngestion } from "@/app/api/tenants/[slug]/ingestion/route";
import { GET as oauthCallback } from "@/app/api/five9/oauth/callback/route";
import { sessionCookieName } from "./options";
import { cookieReaderOf } from "./guard";
import { createTenant, createUser } from "../../test/support/fixtures";
import { sessionToken } from "../../test/support/sessions";

const BAD = "x=%E0%A4%A";
const ctx = (slug: string) => ({ params: Promise.resolve({ slug }) });
let admin: { id: string };

beforeAll(async () => {
  const tenant = await createTenant("cookie-co");
  admin = await createUser({ tenantIds: [tenant.id] });
});

const withCookie = (url: string, cookie: string) => new Request(url, { headers: { cookie } });

describe("a malformed cookie header", () => {
  it("is ignored by the one cookie reader, which still finds the other cookies", () => {
    const jar = cookieReaderOf(withCookie("http://x/", `${BAD}; a=b%20c; ${BAD}=1`));
    expect(jar.get("x")).toBeUndefined();
    expect(jar.get("a")).toEqual({ value: "b c" });
  });

  it("gives a tenant API route 401 without a session and 200 with one — never 500", async () => {
    const routes = [
      [getTenant, "http://x/api/tenants/cookie-co"],
      [getAudit, "http://x/api/tenants/cookie-co/audit"],
      [getCalls, "http://x/api/tenants/cookie-co/calls"],
      [getIngestion, "http://x/api/tenants/cookie-co/ingestion"],
    ] as const;
    const token = await sessionToken(admin.id);
    for (const [handler, url] of routes) {
      expect((await handler(withCookie(url, BAD), ctx("cookie-co"))).status, url).toBe(401);
      expect((await handler(withCookie(url, `${BAD}; ${sessionCookieName()}=${token}`), ctx("cookie-co"))).status, url).toBe(200);
    }
  });

  it("gives the OAuth callback its ordinary redirect, not a 500", async () => {
    const res = await oauthCallback(withCookie("http://x/api/five9/oauth/callback?code=c&state=s", BAD));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/authorization-failed?reason=");
  });
});
