// What a tenant's call log sync needs: its Five9 domain and region, the Five9
// user the report runs as (SupervisorCredential, sealed), and the domain's
// time zone — read once from Five9 (SOAP getVCCConfiguration, else REST
// getDomain) and kept on the tenant.
import { contextFor } from "../../crypto/sealed-fields";
import { openSecret } from "../../crypto/secrets";
import { db } from "../../db";
import { restAccessFor } from "../../five9/connection-tokens";
import type { Five9Region } from "../../five9/endpoints";
import { isPermanentFive9Error } from "../../five9/errors";
import { getDomain } from "../../five9/rest";
import { logger } from "../../log";
import { fetchDomainTimeZone, type ReportCallOptions, type SoapTarget } from "./report-client";
import { DEFAULT_DOMAIN_TIME_ZONE } from "../../five9/domain-time-zone";

/** Five9's default when a domain says nothing (docs/five9.md §2a). */

export interface CallLogSource extends SoapTarget {
  timeZone: string;
  /** When the saved Five9 user last changed (a stopped sync restarts after a change). */
  credentialUpdatedAt: Date;
}

/** Missing setup: the sync cannot run until someone acts. */
export class SourceNotReady extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourceNotReady";
  }
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

async function resolveTimeZone(target: SoapTarget, options: ReportCallOptions): Promise<string> {
  const fromSoap = await fetchDomainTimeZone(target, options).catch((error: unknown) => {
    if (isPermanentFive9Error(error)) throw error;
    return undefined;
  });
  if (fromSoap && isValidZone(fromSoap)) return fromSoap;
  const connection = await db().five9Connection.findUnique({ where: { tenantId: target.tenantId }, select: { state: true } });
  if (connection?.state === "active") {
    const fromRest = await getDomain(await restAccessFor(target.tenantId)).then((r) => r.domain.timeZone, () => undefined);
    if (fromRest && isValidZone(fromRest)) return fromRest;
  }
  logger("call-log").warn({ tenantId: target.tenantId }, `Five9 did not say the domain's time zone; assuming ${DEFAULT_DOMAIN_TIME_ZONE}`);
  return DEFAULT_DOMAIN_TIME_ZONE;
}

export async function loadCallLogSource(tenantId: string, options: ReportCallOptions = {}): Promise<CallLogSource> {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, include: { install: true, connection: true, supervisor: true } });
  const domainId = tenant.five9DomainId ?? tenant.install?.five9DomainId ?? tenant.connection?.five9DomainId;
  const region = (tenant.install?.region ?? tenant.connection?.region ?? tenant.region) as Five9Region | null;
  if (!domainId || !region) throw new SourceNotReady("This workspace has no Five9 domain yet: finish the install wizard.");
  const cred = tenant.supervisor;
  if (!cred) throw new SourceNotReady("No Five9 user is saved for the call log: finish the History access step of the install wizard.");
  const password = openSecret(cred.passwordSealed, contextFor("supervisorCredential", tenantId, "passwordSealed"));
  const target: SoapTarget = { tenantId, domainId, region, credentials: { username: cred.username, password } };
  let timeZone = tenant.five9TimeZone;
  if (!timeZone) {
    timeZone = await resolveTimeZone(target, options);
    await db().tenant.update({ where: { id: tenantId }, data: { five9TimeZone: timeZone } });
  }
  return { ...target, timeZone, credentialUpdatedAt: cred.updatedAt };
}
