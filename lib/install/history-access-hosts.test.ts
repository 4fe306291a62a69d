// The FTP/SFTP host of the history-access step: a loopback or private host is
// a field error and nothing is stored, unless OUTBOUND_HOST_ALLOWLIST permits
// it (as the tests do for the simulator's export on 127.0.0.1); the health
// check refuses a stored host the allow-list no longer permits.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { setProcessEnv } from "../env";
import { HEALTH_CHECKS } from "../health/checks";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { authorizedInstaller, failureOf, unwrap } from "../../test/support/install-flow";
import { saveHistoryAccess } from "./save-history-access";

const sandbox = five9SandboxPerFile({ seed: 47 });
afterEach(() => setProcessEnv({ OUTBOUND_HOST_ALLOWLIST: "127.0.0.1" }));

async function atHistoryStep() {
  const { installer, domain } = await authorizedInstaller(sandbox);
  const slug = installer.tenant.slug;
  const ftp = sandbox.sim.legacy.createExportCredentials(domain.domainId);
  const input = (host: string) => ({
    slug, legacyEnabled: true as const, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password,
    legacy: { protocol: "ftp" as const, host, port: sandbox.sim.ftpPort, username: ftp.username, password: ftp.password, folder: "/" },
  });
  return { installer, input };
}

describe("history access host", () => {
  it("refuses loopback, private and metadata hosts (as typed and after DNS) without the allow-list; nothing is stored", async () => {
    setProcessEnv({ OUTBOUND_HOST_ALLOWLIST: undefined });
    const { installer, input } = await atHistoryStep();
    for (const [host, reason] of [["127.0.0.1", /loopback/], ["localhost", /loopback/], ["10.0.0.8", /private/], ["169.254.169.254", /metadata/], ["0.0.0.0", /reserved/], ["2130706433", /resolves to 127\.0\.0\.1/]] as const) {
      const error = failureOf(await saveHistoryAccess(installer.cookies, input(host)));
      expect(error.code, host).toBe("validation_failed");
      expect(error.fields?.["legacy.host"], host).toMatch(reason);
    }
    expect(await db().legacyExportSource.count({ where: { tenantId: installer.tenant.id } })).toBe(0);
    expect(await db().supervisorCredential.count({ where: { tenantId: installer.tenant.id } })).toBe(0);
  });

  it("accepts the simulator's loopback export when allow-listed, and the health check refuses it once the allow-list no longer permits it", async () => {
    const { installer, input } = await atHistoryStep();
    unwrap(await saveHistoryAccess(installer.cookies, input("127.0.0.1")));
    const check = HEALTH_CHECKS.find((c) => c.id === "legacy_export")!;
    const ctx = { tenant: installer.tenant, install: await db().install.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } }) };
    expect(await check.run(ctx)).toMatchObject({ status: "pass" });
    setProcessEnv({ OUTBOUND_HOST_ALLOWLIST: undefined });
    expect(await check.run(ctx)).toMatchObject({ status: "fail", message: expect.stringMatching(/127\.0\.0\.1 is a loopback address/) });
  });
});
