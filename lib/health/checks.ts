// The health check catalog: each check has an id, a title, and a run that
// answers pass / warn / fail with a message a customer admin understands and
// a hint saying what to do. Checks that do not apply to a tenant's choices
// (no V1 export, no live audio) are left out.
import type { HealthStatus, Install, Tenant } from "@prisma/client";
import { contextFor } from "../crypto/sealed-fields";
import { openSecret } from "../crypto/secrets";
import { db } from "../db";
import { AppError } from "../errors";
import { refreshConnectionToken, restAccessFor } from "../five9/connection-tokens";
import type { Five9Region } from "../five9/endpoints";
import { Five9Error } from "../five9/errors";
import { probeLegacyExport } from "../five9/legacy-export";
import { getDomain } from "../five9/rest";
import { probeSoap } from "../five9/soap";
import { savedSupervisorLogin } from "../five9/supervisor-credential";
import { startSupervisorSession, supervisorLogin, supervisorLogout } from "../five9/supervisor";
import { missingScopes } from "../install/verify-grant";
import { callLogHealth, ingestionErrorHealth } from "../ingest/ingestion-health";
import { voiceStreamState } from "../realtime/voicestream-state";
import { dropRateHealth, gapHealth, streamSeenHealth, timeToFirstAudioHealth } from "./voicestream-health";

export interface CheckOutcome {
  status: HealthStatus;
  message: string;
  fixHint?: string;
}

export interface CheckContext {
  tenant: Tenant;
  install: Install | null;
}

export interface HealthCheck {
  id: string;
  title: string;
  appliesTo(ctx: CheckContext): boolean;
  run(ctx: CheckContext): Promise<CheckOutcome>;
  /** Runs before the others (which then run together): it may renew the token they use. */
  runsFirst?: boolean;
  /** Checks (run first) this one depends on: when one fails, this one is skipped and says so. */
  needs?: string[];
}

const pass = (message: string): CheckOutcome => ({ status: "pass", message });
const warn = (message: string, fixHint: string): CheckOutcome => ({ status: "warn", message, fixHint });
const fail = (message: string, fixHint: string): CheckOutcome => ({ status: "fail", message, fixHint });
const notUsed = (message: string): CheckOutcome => ({ status: "skipped", message });

const REAUTHORIZE = "Open the workspace overview and choose Re-authorize.";

function fromFive9Error(error: unknown, what: string): CheckOutcome {
  // No usable token (the connection needs re-authorization): that is the admin's to fix, not support's.
  if (error instanceof AppError && error.code === "conflict") return fail(`${what}: ${error.message}`, REAUTHORIZE);
  if (!(error instanceof Five9Error)) return fail(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, "Run the checks again; if it persists, contact Loris support.");
  switch (error.kind) {
    case "unauthorized":
    case "invalid_client":
    case "invalid_grant":
      return fail(`${what}: Five9 refused the credentials.`, REAUTHORIZE);
    case "forbidden":
      return fail(`${what}: Five9 denied access — a permission or scope is missing.`, "Give the Five9 user or API client the missing permission, then run the checks again.");
    case "migrated":
      return fail(`${what}: Five9 says this domain moved to another data center.`, "Check the region of the install; re-run the wizard's first step if it changed.");
    case "rate_limited":
      return warn(`${what}: Five9's rate limit was reached.`, "Nothing to do: Loris slows down and retries. If it persists, reduce other integrations' use of the API.");
    case "unreachable":
      return fail(`${what}: Five9 could not be reached.`, "Check Five9's status page; Loris retries automatically.");
    default:
      return fail(`${what}: ${error.message}.`, "Run the checks again; if it persists, contact Loris support.");
  }
}

const supervisorLoginOf = savedSupervisorLogin;

const hasConnection = (ctx: CheckContext) => Boolean(ctx.install?.grantType);

const isRefusal = (error: unknown) => error instanceof Five9Error && error.kind === "unauthorized";

/**
 * One REST call with the stored access token. Refused (revoked at Five9 before
 * its expiry): renewed once and tried again. Other failures (unreachable, rate
 * limit) say nothing about the token; the REST check reports them.
 */
async function proveAccessToken(tenantId: string): Promise<"accepted" | CheckOutcome> {
  try {
    await getDomain(await restAccessFor(tenantId));
    return "accepted";
  } catch (error) {
    if (!isRefusal(error)) return "accepted";
  }
  const renewed = await refreshConnectionToken(tenantId, { force: true });
  if (renewed.outcome === "needs_reauthorization") return fail("Five9 stopped accepting Loris's access and refused to renew it.", REAUTHORIZE);
  if (renewed.outcome === "failed") return warn(`Five9 stopped accepting the access token and it could not be renewed yet (${renewed.error}).`, "Loris retries every minute. If this persists, re-authorize.");
  try {
    await getDomain(await restAccessFor(tenantId));
  } catch (error) {
    if (isRefusal(error)) return fail("Five9 refuses Loris's access token even after renewing it.", REAUTHORIZE);
    if (error instanceof AppError && error.code === "conflict") return fail(`Five9 stopped accepting Loris's access: ${error.message}`, REAUTHORIZE);
  }
  return pass("Five9 had stopped accepting the access token; Loris renewed it.");
}

export const HEALTH_CHECKS: HealthCheck[] = [
  {
    id: "token",
    title: "Five9 authorization",
    appliesTo: () => true,
    runsFirst: true,
    async run({ tenant }) {
      const connection = await db().five9Connection.findUnique({ where: { tenantId: tenant.id } });
      if (!connection) return fail("Loris is not authorized with Five9 yet.", "Finish the Authorize step of the install wizard.");
      if (connection.state !== "active") return fail(`Five9 no longer accepts Loris's authorization${connection.lastRefreshError ? ` (${connection.lastRefreshError})` : ""}.`, REAUTHORIZE);
      const result = await refreshConnectionToken(tenant.id);
      if (result.outcome === "needs_reauthorization") return fail("Five9 refused to renew Loris's access.", REAUTHORIZE);
      const expiresAt = result.connection.tokenExpiresAt;
      const minutes = expiresAt ? Math.round((expiresAt.getTime() - Date.now()) / 60_000) : 0;
      if (result.outcome === "failed") return warn(`The access token could not be renewed (${result.error}); it is valid for ${minutes} more minutes.`, "Loris retries every minute. If this persists, check Five9's status.");
      // Five9 can revoke a token before it expires: prove it with one call, and renew it at once if refused.
      const proof = await proveAccessToken(tenant.id);
      if (proof !== "accepted") return proof;
      return pass(`Access token valid for ${minutes} more minutes; renewed automatically before it expires.`);
    },
  },
  {
    id: "scopes",
    needs: ["token"],
    title: "Granted access",
    appliesTo: hasConnection,
    async run({ tenant }) {
      const connection = await db().five9Connection.findUnique({ where: { tenantId: tenant.id } });
      const missing = missingScopes(connection?.scopes ?? []);
      if (missing.length > 0) return fail(`Missing scopes: ${missing.join(", ")}.`, "Re-authorize and approve every requested scope (or add them to the API client in Admin Console).");
      return pass("Every scope Loris needs was granted.");
    },
  },
  {
    id: "rest_api",
    needs: ["token"],
    title: "Five9 REST API",
    appliesTo: hasConnection,
    async run({ tenant }) {
      try {
        const { domain } = await getDomain(await restAccessFor(tenant.id));
        return pass(`Reached domain “${domain.name}”.`);
      } catch (error) {
        return fromFive9Error(error, "REST API");
      }
    },
  },
  {
    id: "rate_limit",
    needs: ["token"],
    title: "Rate-limit headroom",
    appliesTo: hasConnection,
    async run({ tenant }) {
      try {
        const { info } = await getDomain(await restAccessFor(tenant.id));
        if (info.rateLimitRemaining === undefined) return pass("Five9 reported no rate-limit pressure.");
        if (info.rateLimitRemaining < 20) return warn(`Only ${info.rateLimitRemaining} API requests left in this minute.`, "Other integrations share this domain's limit; Loris backs off automatically.");
        return pass(`${info.rateLimitRemaining} API requests left in this minute.`);
      } catch (error) {
        return fromFive9Error(error, "Rate-limit check");
      }
    },
  },
  {
    id: "soap_api",
    title: "Call log (SOAP API)",
    appliesTo: hasConnection,
    async run({ tenant, install }) {
      const login = await supervisorLoginOf(tenant.id);
      if (!login || !install?.region) return fail("No Five9 user is saved for the call log.", "Finish the History access step of the install wizard.");
      try {
        await probeSoap(install.region as Five9Region, login);
        return pass("The call log report API accepts Loris's Five9 user.");
      } catch (error) {
        return fromFive9Error(error, "Call log API");
      }
    },
  },
  {
    id: "supervisor_api",
    title: "Recordings (Supervisor API)",
    appliesTo: hasConnection,
    async run({ tenant, install }) {
      const login = await supervisorLoginOf(tenant.id);
      if (!login || !install?.region) return fail("No Five9 supervisor login is saved.", "Finish the History access step of the install wizard.");
      try {
        const session = await supervisorLogin(install.region as Five9Region, login);
        try {
          await startSupervisorSession(session);
        } finally {
          await supervisorLogout(session);
        }
        return pass("Supervisor login and session start work.");
      } catch (error) {
        return fromFive9Error(error, "Supervisor API");
      }
    },
  },
  {
    id: "legacy_export",
    title: "FTP export (V1)",
    appliesTo: () => true,
    async run({ tenant }) {
      const source = await db().legacyExportSource.findUnique({ where: { tenantId: tenant.id } });
      if (!source) return notUsed("Not used: this workspace does not read Five9's FTP export.");
      try {
        const password = openSecret(source.passwordSealed, contextFor("legacyExportSource", tenant.id, "passwordSealed"));
        const { entries } = await probeLegacyExport({ protocol: source.protocol as "ftp" | "sftp", host: source.host, port: source.port, username: source.username, password, folder: source.folder });
        return pass(`${source.protocol.toUpperCase()} ${source.host} reachable; ${entries} entries in ${source.folder}.`);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error), "Check the FTP/SFTP details on the History access step.");
      }
    },
  },
  {
    id: "voicestream",
    title: "Live audio (VoiceStream)",
    appliesTo: ({ install }) => Boolean(install?.dataKinds.includes("live_audio")),
    async run({ tenant }) {
      // Only an event or stream with the trust token counts: Five9's validation GET is answered the same whatever token it has.
      const state = voiceStreamState(await db().voiceStreamSubscription.findUnique({ where: { tenantId: tenant.id } }));
      if (state.kind === "receiving") return pass(state.summary);
      if (state.kind === "quiet") return warn(state.summary, state.hint!);
      return fail(state.summary, state.hint ?? "Open the Live audio step.");
    },
  },
  // Live audio as the receiver measured it (lib/health/voicestream-health.ts); "Not used" without live audio.
  { id: "voicestream_seen", title: "Live audio streams arriving", appliesTo: () => true, run: ({ tenant, install }) => streamSeenHealth(tenant.id, install) },
  { id: "voicestream_first_audio", title: "Live audio start (time to first audio)", appliesTo: () => true, run: ({ tenant, install }) => timeToFirstAudioHealth(tenant.id, install) },
  { id: "voicestream_drops", title: "Live audio legs dropped", appliesTo: () => true, run: ({ tenant, install }) => dropRateHealth(tenant.id, install) },
  { id: "voicestream_gaps", title: "Live audio gaps", appliesTo: () => true, run: ({ tenant, install }) => gapHealth(tenant.id, install) },
  {
    id: "ingestion",
    title: "Call log ingestion",
    appliesTo: ({ install }) => Boolean(install?.dataKinds.includes("call_log")),
    run: ({ tenant }) => callLogHealth(tenant.id),
  },
  {
    id: "ingestion_errors",
    title: "Ingestion errors",
    appliesTo: ({ install }) => Boolean(install?.completedAt) && Boolean(install?.dataKinds.some((k) => k !== "live_audio")),
    run: ({ tenant }) => ingestionErrorHealth(tenant.id),
  },
];
