// Words the install uses: a wrong Supervisor password says only that; a user
// without the role is told so; the missing-scope page names the scopes; no
// required scope reads as optional; the listing says "Installed — open" once
// installed; there is a favicon.
import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import AuthorizationFailedPage from "@/app/authorization-failed/page";
import { db } from "../db";
import { REQUIRED_SCOPES } from "../five9/endpoints";
import { SCOPE_REASONS } from "../five9/scope-reasons";
import { listingButton } from "../tenants/listing-button";
import { CALLBACK_MESSAGES } from "./five9-authorization";
import { chooseDomain } from "./choose-domain";
import { connectApiClient } from "./connect-api-client";
import { saveHistoryAccess } from "./save-history-access";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { failureOf, newInstaller, unwrap } from "../../test/support/install-flow";

const sandbox = five9SandboxPerFile({ seed: 57 });

async function atHistoryStep() {
  const created = await sandbox.client.createDomain({ name: `Words ${process.pid} ${Math.random()}` });
  const installer = await newInstaller();
  const slug = installer.tenant.slug;
  unwrap(await chooseDomain(installer.cookies, { slug, region: "us", domainId: created.domainId }));
  const api = await sandbox.newApiClient(created.domainId);
  unwrap(await connectApiClient(installer.cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
  const user = (role: string) => created.users.find((u) => u.role === role)!;
  return { installer, slug, supervisor: user("supervisor"), agent: user("agent") };
}

describe("Supervisor login", () => {
  it("a wrong password says only that", async () => {
    const { installer, slug, supervisor } = await atHistoryStep();
    const error = failureOf(await saveHistoryAccess(installer.cookies, { slug, legacyEnabled: false, supervisorUsername: supervisor.username, supervisorPassword: "wrong-password" }));
    expect(error.fields).toEqual({ supervisorPassword: "Five9 did not accept this username and password." });
  });

  it("a user without the Supervisor role is told that, on the username", async () => {
    const { installer, slug, agent } = await atHistoryStep();
    const error = failureOf(await saveHistoryAccess(installer.cookies, { slug, legacyEnabled: false, supervisorUsername: agent.username, supervisorPassword: agent.password }));
    expect(error.fields).toEqual({ supervisorUsername: expect.stringMatching(/^This user does not have the Supervisor role in Five9/) });
  });
});

describe("scopes", () => {
  it("the missing-scope page names every scope Loris needs", async () => {
    for (const scope of REQUIRED_SCOPES) expect(CALLBACK_MESSAGES.missing_scopes.message).toContain(scope);
    const html = renderToStaticMarkup(await AuthorizationFailedPage({ searchParams: Promise.resolve({ reason: "missing_scopes" }) }));
    expect(html).toContain("Not all access was granted");
    for (const scope of REQUIRED_SCOPES) expect(html).toContain(scope);
  });

  it("no required scope is described as optional", () => {
    expect(Object.keys(SCOPE_REASONS).sort()).toEqual([...REQUIRED_SCOPES].sort());
    for (const reason of Object.values(SCOPE_REASONS)) expect(reason).not.toMatch(/optional|if you (have|want)|when you have|if available/i);
  });
});

describe("the marketplace listing", () => {
  it("says Install until the workspace is installed, then Installed — open", async () => {
    const installer = await newInstaller();
    expect(await listingButton(null)).toEqual({ label: "Install", href: "/install" });
    expect(await listingButton(installer.viewer)).toEqual({ label: "Install", href: "/install" });
    await db().tenant.update({ where: { id: installer.tenant.id }, data: { status: "installed" } });
    expect(await listingButton(installer.viewer)).toEqual({ label: "Installed — open", href: `/tenants/${installer.tenant.slug}` });
  });
});

describe("favicon", () => {
  it("is an SVG icon Next serves from app/icon.svg", () => {
    const svg = readFileSync("app/icon.svg", "utf8");
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 64 64"/);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
  });
});
