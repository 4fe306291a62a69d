// The browser tests' workspace with live audio installed: a tenant of its own
// Five9 domain (no Five9 connection: only live audio is chosen, so no sync
// runs for it), a VoiceStream subscription whose trust token the spec knows,
// and its admin. The live-view spec streams calls to the receiver for it.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../lib/db";

export interface LiveFixture {
  slug: string;
  email: string;
  domainId: string;
  trustToken: string;
  eventKey: string;
  campaign: string;
  /** host:port of the VoiceStream receiver the global setup started. */
  voicestreamTarget: string;
}

export const LIVE_SCENARIO = { slug: "e2e-live", email: "live@e2e.test", domainId: "e2e-live-domain", campaign: "Inbound Sales" } as const;

export async function seedLiveTenant(passwordHash: string, voicestreamTarget: string): Promise<LiveFixture> {
  const trustToken = randomBytes(24).toString("base64url");
  const eventKey = randomBytes(16).toString("hex");
  const tenant = await db().tenant.create({ data: { slug: LIVE_SCENARIO.slug, name: "E2E live", five9DomainId: LIVE_SCENARIO.domainId, region: "us", status: "installed" } });
  await db().install.create({ data: { tenantId: tenant.id, five9DomainId: LIVE_SCENARIO.domainId, campaigns: [LIVE_SCENARIO.campaign], dataKinds: ["live_audio"], completedAt: new Date() } });
  await db().voiceStreamSubscription.create({ data: { tenantId: tenant.id, eventKey, trustTokenHash: createHash("sha256").update(trustToken).digest("hex") } });
  await db().user.create({ data: { email: LIVE_SCENARIO.email, name: "E2E live admin", role: "customer_admin", passwordHash, memberships: { create: { tenantId: tenant.id } } } });
  return { slug: LIVE_SCENARIO.slug, email: LIVE_SCENARIO.email, domainId: LIVE_SCENARIO.domainId, trustToken, eventKey, campaign: LIVE_SCENARIO.campaign, voicestreamTarget };
}
