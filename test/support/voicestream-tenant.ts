// An installed tenant with live audio on and a VoiceStream subscription whose
// trust token the test knows — what a receiver test starts from.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../../lib/db";

let n = 0;

export async function liveAudioTenant(options: { campaigns?: string[]; dataKinds?: string[]; status?: "installed" | "uninstalled"; disabled?: boolean } = {}) {
  n++;
  const domainId = `77${process.pid % 1000}${n}`;
  const token = randomBytes(24).toString("base64url");
  const tenant = await db().tenant.create({ data: { slug: `live-${process.pid}-${n}`, name: `Live ${n}`, five9DomainId: domainId, region: "us", status: options.status ?? "installed" } });
  await db().install.create({ data: { tenantId: tenant.id, five9DomainId: domainId, campaigns: options.campaigns ?? ["Sales"], dataKinds: options.dataKinds ?? ["call_log", "live_audio"], completedAt: new Date() } });
  await db().voiceStreamSubscription.create({
    data: { tenantId: tenant.id, eventKey: randomBytes(16).toString("hex"), trustTokenHash: createHash("sha256").update(token).digest("hex"), validatedAt: new Date(), disabledAt: options.disabled ? new Date() : null },
  });
  return { tenant, token, domainId, subscriptionId: `sub-${n}` };
}
