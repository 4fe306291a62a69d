// Secrets an install handles — API client secret, supervisor and FTP
// passwords, access and refresh tokens, the trust token — never reach the
// logs, and are stored only sealed: no table holds them in plaintext.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { openConnectionSecrets } from "../five9/connection-store";
import { refreshConnectionToken } from "../five9/connection-tokens";
import { executeHealthRun, startHealthRun } from "../health/run-health-checks";
import { redirectLogs } from "../log";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { installTenant, newInstaller } from "../../test/support/install-flow";

const sandbox = five9SandboxPerFile({ seed: 26 });

const lines: string[] = [];
const secrets = new Set<string>();

beforeAll(() => {
  redirectLogs({ level: "trace", destination: new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }) });
});
afterAll(() => redirectLogs());

/** Adds the connection's current tokens (and stored client secret) to the secrets to look for. */
async function rememberConnectionSecrets(tenantId: string): Promise<void> {
  const found = openConnectionSecrets(await db().five9Connection.findUniqueOrThrow({ where: { tenantId } }));
  for (const value of [found.accessToken, found.refreshToken, found.clientSecret]) if (value) secrets.add(value);
}

/** Every row of every table in the app's schema, as JSON text. */
async function wholeDatabase(): Promise<string> {
  const tables = await db().$queryRawUnsafe<{ table_name: string }[]>(`SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const dumps = await Promise.all(tables.map(async ({ table_name }) => {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    return rows.map((r) => r.row).join("\n");
  }));
  return dumps.join("\n");
}

/** The secret, and the forms it takes on the wire (HTTP Basic). */
const variants = (secret: string) => [secret, Buffer.from(secret).toString("base64"), encodeURIComponent(secret)];

describe("secrets", () => {
  it("are never logged across full installs, token refreshes and a refused refresh", async () => {
    const apiDomain = await sandbox.newDomain();
    const apiInstaller = await newInstaller();
    const apiSecrets = await installTenant(sandbox, apiInstaller, apiDomain);
    await rememberConnectionSecrets(apiInstaller.tenant.id);

    const codeDomain = await sandbox.newDomain();
    const codeInstaller = await newInstaller();
    const codeSecrets = await installTenant(sandbox, codeInstaller, codeDomain, { authorize: "connect" });
    await rememberConnectionSecrets(codeInstaller.tenant.id);
    expect((await refreshConnectionToken(codeInstaller.tenant.id, { force: true })).outcome).toBe("refreshed");
    await rememberConnectionSecrets(codeInstaller.tenant.id);

    // Failures log: a Five9 outage during a refresh, then Five9 refusing the grant.
    await sandbox.client.addFault({ endpoint: "/oauth2/v1/token", type: "status", status: 503, count: 1 });
    expect((await refreshConnectionToken(codeInstaller.tenant.id, { force: true })).outcome).toBe("failed");
    await sandbox.client.revokeGrants({ domainId: codeDomain.domainId });
    expect((await refreshConnectionToken(codeInstaller.tenant.id, { force: true })).outcome).toBe("needs_reauthorization");
    await executeHealthRun((await startHealthRun(codeInstaller.tenant.id, "manual")).id);

    for (const s of [apiSecrets, codeSecrets]) for (const value of Object.values(s)) if (value) secrets.add(value);
    expect(secrets.size).toBeGreaterThanOrEqual(12);
    const output = lines.join("");
    // The capture works: the refusals above were logged.
    expect(output).toContain("token refresh failed; will retry");
    expect(output).toContain("token refresh refused; connection needs re-authorization");
    for (const secret of secrets) for (const form of variants(secret)) expect(output.includes(form), `a secret (${secret.slice(0, 4)}…) is in the logs`).toBe(false);
  });

  it("are stored sealed only: no table holds any of them in plaintext", async () => {
    expect(secrets.size).toBeGreaterThan(0);
    const dump = await wholeDatabase();
    expect(dump).toContain('"v1.'); // sealed values are there, just not readable
    for (const secret of secrets) for (const form of variants(secret)) expect(dump.includes(form), `a secret (${secret.slice(0, 4)}…) is stored in plaintext`).toBe(false);
    const sealed = await db().five9Connection.findMany();
    for (const row of sealed) for (const value of [row.accessTokenSealed, row.refreshTokenSealed, row.clientSecretSealed]) if (value) expect(value).toMatch(/^v1\./);
  });
});
