// Every tenant action of the install and health back end, called by an admin
// of workspace A on workspace B: not_found, and B's rows (and its grant at
// Five9) untouched. Support may look but not change the Five9 connection.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionResult } from "../auth/guard";
import type { CookieReader } from "../auth/session";
import { db } from "../db";
import { runHealthChecks } from "../health/run-checks-action";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { failureOf, installTenant, newInstaller, type Installer } from "../../test/support/install-flow";
import { chooseData } from "./choose-data";
import { chooseDomain } from "./choose-domain";
import { connectApiClient } from "./connect-api-client";
import { finishInstall } from "./finish-install";
import { beginFive9Authorization } from "./five9-authorization";
import { confirmLiveAudio, provisionLiveAudio } from "./live-audio";
import { saveHistoryAccess } from "./save-history-access";
import { tenantTables } from "./tenant-tables";
import { uninstall } from "./uninstall";

const sandbox = five9SandboxPerFile({ seed: 25 });

let adminA: Installer;
let installedB: Installer;
let domainB: SimDomainFixture;
const scheduled: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  adminA = await newInstaller({ slug: "isolation-a" });
  installedB = await newInstaller({ slug: "isolation-b" });
  domainB = await sandbox.newDomain();
  await installTenant(sandbox, installedB, domainB, { authorize: "connect" });
});

type AnyAction = (cookies: CookieReader, input: unknown) => Promise<ActionResult<unknown>>;

/** Every tenant action, with an input that passes validation for `slug`, and whether only the workspace's admins may use it. */
const actions = (slug: string): Record<string, { run: AnyAction; input: object; installerOnly: boolean }> => ({
  chooseDomain: { run: chooseDomain as AnyAction, input: { slug, region: "us", domainId: "424242" }, installerOnly: true },
  connectApiClient: { run: connectApiClient as AnyAction, input: { slug, clientId: "f9c_x", clientSecret: "secret" }, installerOnly: true },
  beginFive9Authorization: { run: beginFive9Authorization as AnyAction, input: { slug }, installerOnly: true },
  saveHistoryAccess: { run: saveHistoryAccess as AnyAction, input: { slug, legacyEnabled: false, supervisorUsername: "mallory", supervisorPassword: "pw" }, installerOnly: true },
  chooseData: { run: chooseData as AnyAction, input: { slug, campaigns: ["Inbound Sales"], dataKinds: ["call_log"] }, installerOnly: true },
  provisionLiveAudio: { run: provisionLiveAudio as AnyAction, input: { slug, rotate: true }, installerOnly: true },
  confirmLiveAudio: { run: confirmLiveAudio as AnyAction, input: { slug }, installerOnly: true },
  finishInstall: { run: finishInstall as AnyAction, input: { slug }, installerOnly: true },
  uninstall: { run: uninstall as AnyAction, input: { slug, data: "delete", confirm: slug }, installerOnly: true },
  runHealthChecks: { run: runHealthChecks((work) => scheduled.push(work)) as AnyAction, input: { slug }, installerOnly: false },
});

/** Names of the `export const X = … tenantAction(` in a folder's sources: the list above must cover them all. */
function tenantActionsIn(folder: string): string[] {
  const names: string[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const source = readFileSync(path.join(folder, file), "utf8");
    const exports = [...source.matchAll(/export const (\w+)\s*=/g)].map((m) => ({ name: m[1]!, at: m.index }));
    for (const use of source.matchAll(/tenantAction\(/g)) {
      const owner = exports.filter((e) => e.at < use.index).at(-1);
      if (owner) names.push(owner.name);
    }
  }
  return names.sort();
}

/** Every table with a tenantId, from the schema (lib/install/tenant-tables.ts). */
const TENANT_TABLES = tenantTables();

/** Every row that belongs to the tenant, as JSON text, so any change shows. */
async function rowsOf(tenantId: string): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  const tenant = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "Tenant" t WHERE id = $1`, tenantId);
  snapshot.Tenant = tenant.map((r) => r.row);
  for (const table of TENANT_TABLES) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${table}" t WHERE "tenantId" = $1 ORDER BY id`, tenantId);
    snapshot[table] = rows.map((r) => r.row);
  }
  return snapshot;
}

describe("tenant isolation of the install and health actions", () => {
  it("the table above lists every tenant action in lib/install and lib/health", () => {
    const found = [...tenantActionsIn(path.resolve("lib/install")), ...tenantActionsIn(path.resolve("lib/health"))].sort();
    expect(found).toEqual(Object.keys(actions("x")).sort());
  });

  it("an admin of A gets not_found for every action on B, and B's rows are unchanged", async () => {
    const before = await rowsOf(installedB.tenant.id);
    expect(before.Five9Connection).toHaveLength(1);
    for (const [name, action] of Object.entries(actions(installedB.tenant.slug))) {
      const error = failureOf(await action.run(adminA.cookies, action.input));
      expect(error.code, name).toBe("not_found");
      expect(JSON.stringify(error), name).not.toContain(installedB.tenant.id);
    }
    expect(scheduled).toHaveLength(0);
    expect(await rowsOf(installedB.tenant.id)).toEqual(before);
    expect((await sandbox.client.oauthGrants({ domainId: domainB.domainId })).map((g) => g.revoked)).toEqual([false]);
  });

  it("support is refused every installer-only action on B (forbidden), and changes nothing", async () => {
    const support = await newInstaller({ role: "support", tenant: installedB.tenant });
    const before = await rowsOf(installedB.tenant.id);
    for (const [name, action] of Object.entries(actions(installedB.tenant.slug))) {
      if (!action.installerOnly) continue;
      expect(failureOf(await action.run(support.cookies, action.input)).code, name).toBe("forbidden");
    }
    expect(await rowsOf(installedB.tenant.id)).toEqual(before);
  });

  it("support may still run B's health checks", async () => {
    const support = await newInstaller({ role: "support", tenant: installedB.tenant });
    // The install's own run was seconds ago, inside the cooldown: let a minute pass.
    await db().healthRun.updateMany({ where: { tenantId: installedB.tenant.id }, data: { startedAt: new Date(Date.now() - 60_000) } });
    const { run, input } = actions(installedB.tenant.slug).runHealthChecks!;
    const result = await run(support.cookies, input);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(scheduled).toHaveLength(1);
    await scheduled.pop()!();
    expect(await db().healthRun.count({ where: { tenantId: installedB.tenant.id, trigger: "manual", finishedAt: { not: null } } })).toBe(1);
  });
});
