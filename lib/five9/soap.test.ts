// The SOAP client's health probe (getVCCConfiguration) against the simulator:
// each way Five9 refuses maps to the Five9Error kind the health check explains.
import { describe, expect, it } from "vitest";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { probeSoap, soapCall } from "./soap";

const sandbox = five9SandboxPerFile({ seed: 29 });

describe("SOAP AdminWebService client", () => {
  it("probes with an admin and reads the domain's configuration", async () => {
    const domain = await sandbox.newDomain();
    await expect(probeSoap("us", domain.admin)).resolves.toBeUndefined();
    const config = await soapCall("us", domain.admin, "getVCCConfiguration");
    expect(config.return).toMatchObject({ domainId: domain.domainId, domainName: domain.name, timeZoneAssignment: { timeZone: "America/Los_Angeles" } });
    expect((await sandbox.client.requests({ path: "/wsadmin/v13/AdminWebService" })).at(-1)?.status).toBe(200);
  });

  it("maps refusals: wrong password → unauthorized, supervisor → forbidden, migrated → migrated", async () => {
    const domain = await sandbox.newDomain();
    await expect(probeSoap("us", { ...domain.admin, password: "wrong" })).rejects.toMatchObject({ kind: "unauthorized" });
    await expect(probeSoap("us", domain.supervisor)).rejects.toMatchObject({ kind: "forbidden", message: expect.stringMatching(/not an administrator/) });
    await sandbox.client.markMigrated(domain.domainId);
    await expect(probeSoap("us", domain.admin)).rejects.toMatchObject({ kind: "migrated" });
  });

  it("treats a soap:Client fault (our request) as not retryable, an injected 503 as a server error", async () => {
    const domain = await sandbox.newDomain();
    await expect(soapCall("us", domain.admin, "getNothing")).rejects.toMatchObject({ kind: "bad_response", message: expect.stringMatching(/Unknown operation getNothing/) });
    await sandbox.client.addFault({ endpoint: "/wsadmin", type: "status", status: 503, count: 1 });
    await expect(probeSoap("us", domain.admin)).rejects.toMatchObject({ kind: "server_error" });
  });
});
