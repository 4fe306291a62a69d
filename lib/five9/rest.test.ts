// The REST client against the simulator: rate-limit headroom from the
// response headers, paged lists de-duplicated, statuses mapped to Five9Error.
import { describe, expect, it } from "vitest";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { REQUIRED_SCOPES } from "./endpoints";
import { clientCredentialsGrant } from "./oauth";
import { getDomain, listCampaigns, type RestAccess } from "./rest";

const sandbox = five9SandboxPerFile({ seed: 30, restLimits: { perMinute: 30 } });

/** A fresh domain and a client-credentials token for it. */
async function access(): Promise<RestAccess & { name: string }> {
  const domain = await sandbox.newDomain();
  const api = await sandbox.newApiClient(domain.domainId);
  const tokens = await clientCredentialsGrant("us", api, REQUIRED_SCOPES);
  return { region: "us", domainId: domain.domainId, accessToken: tokens.accessToken, name: domain.name };
}

describe("Five9 REST client", () => {
  it("reads the domain and the remaining rate-limit budget Five9 reports", async () => {
    const a = await access();
    const first = await getDomain(a);
    expect(first.domain).toEqual({ id: a.domainId, name: a.name, timeZone: "America/Los_Angeles" });
    expect(first.info.rateLimitRemaining).toBe(29);
    expect((await getDomain(a)).info.rateLimitRemaining).toBe(28);
  });

  it("lists every campaign once even when pages overlap or come reversed", async () => {
    const a = await access();
    const clean = await listCampaigns(a);
    expect(clean.map((c) => c.name)).toEqual(["Inbound Sales", "Customer Support", "Outbound Retention"]);
    await sandbox.client.addFault({ domainId: a.domainId, type: "out_of_order_page", count: 1 });
    expect((await listCampaigns(a)).map((c) => c.id).sort()).toEqual(clean.map((c) => c.id).sort());
  });

  it("maps 429 to rate_limited with Retry-After, and another domain's token to forbidden", async () => {
    const a = await access();
    const b = await access();
    await sandbox.client.addFault({ endpoint: `/domains/v1/domains/${a.domainId}`, type: "status", status: 429, retryAfterSeconds: 7, count: 1 });
    await expect(getDomain(a)).rejects.toMatchObject({ kind: "rate_limited", details: { status: 429, retryAfterSeconds: 7 } });
    await expect(getDomain({ ...a, accessToken: b.accessToken })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(getDomain({ ...a, accessToken: "nope" })).rejects.toMatchObject({ kind: "unauthorized" });
  });
});
