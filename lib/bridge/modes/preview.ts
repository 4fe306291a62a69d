// The dry run of a bridge mode change: what changes, the per-day counts per
// source it is decided on, what will be fetched or ignored afterwards, and
// why it would be refused. The change itself (change-mode.ts) runs the same
// preview inside its transaction, after locking the tenant row.
import type { BridgeMode, Prisma } from "@prisma/client";
import { db } from "../../db";
import { formatTime } from "../../format-time";
import { addDays, gapSql, ledgerDays, localDay, type LedgerDay } from "../ledger/ledger";
import { type BridgeState, bridgeStateOf } from "./bridge-state";
import { changeName, DEFAULT_DRAIN_HOURS, DISAGREE_SHARE, MODE_LABELS, SHADOW_CHECK_DAYS, TRANSITIONS } from "./transitions";
import { domainTimeZoneOf } from "../../five9/domain-time-zone";

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

export interface ChangeRequest {
  to: BridgeMode;
  /** Cutover only: calls from this instant on take the API as authoritative. */
  watermark?: Date;
  /** `api` only: how long the FTP import keeps taking late files. */
  drainHours?: number;
}

export interface DisagreeingDay { day: string; expected: number; onlyFtp: number; onlyApi: number; share: number }

export interface ModePreview {
  from: BridgeMode;
  to: BridgeMode;
  name: string;
  watermark: string | null;
  drainUntil: string | null;
  /** Sentences: what changes, what will be fetched, what will be ignored. */
  effects: string[];
  counts: { calls: number; ftpRecordings: number; apiRecordings: number; apiToFetch: number; ftpIgnored: number; apiIgnored: number; gaps: number };
  /** The days the change is decided on (cutover: the shadow days before T), with counts per source. */
  days: LedgerDay[];
  disagreeing: DisagreeingDay[];
  /** Why the change would be refused (null: it may be confirmed). */
  refusal: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The instant from which the tenant counts as installed (a watermark may not lie before it). */
async function installedSince(client: Client, tenantId: string): Promise<Date> {
  const install = await client.install.findUnique({ where: { tenantId }, select: { startedAt: true } });
  const tenant = await client.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { createdAt: true } });
  return install?.startedAt ?? tenant.createdAt;
}

async function recordingCounts(client: Client, tenantId: string, where: Prisma.CallWhereInput) {
  const [calls, ftp, api, apiToFetch] = await Promise.all([
    client.call.count({ where: { tenantId, ...where } }),
    client.call.count({ where: { tenantId, ...where, recordings: { some: { source: "ftp" } } } }),
    client.call.count({ where: { tenantId, ...where, recordings: { some: { source: "api" } } } }),
    client.call.count({ where: { tenantId, ...where, mediaCheckedAt: null, recordings: { none: { source: "api" } } } }),
  ]);
  return { calls, ftp, api, apiToFetch };
}

export async function previewChange(tenantId: string, request: ChangeRequest, state?: BridgeState, client: Client = db(), now = new Date()): Promise<ModePreview> {
  const current = state ?? (await bridgeStateOf(tenantId, client));
  const tenant = await client.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { five9TimeZone: true } });
  const zone = domainTimeZoneOf(tenant);
  const from = current.mode;
  const to = request.to;
  const refusals: string[] = [];
  const effects: string[] = [];
  if (!current.hasLegacyExport) refusals.push("This workspace has no FTP/SFTP export saved, so it already uses the Five9 APIs only; save the export in the install wizard's History access step to use the bridge.");
  if (!TRANSITIONS[from].includes(to)) refusals.push(`The mode is ${MODE_LABELS[from]}; from there it can go to ${TRANSITIONS[from].map((m) => MODE_LABELS[m]).join(" or ")}, not to ${MODE_LABELS[to]}.`);

  let watermark: Date | null = to === "cutover" ? (request.watermark ?? null) : to === "api" ? current.watermark : null;
  const drainUntil = to === "api" ? new Date(now.getTime() + (request.drainHours ?? DEFAULT_DRAIN_HOURS) * 3_600_000) : null;
  if (to === "cutover") {
    if (!watermark) refusals.push("Choose the watermark: the moment from which the APIs are authoritative.");
    else if (watermark.getTime() > now.getTime()) refusals.push(`The watermark ${formatTime(watermark)} is in the future; choose a moment that has passed, so the days before it can be compared.`);
    else {
      const since = await installedSince(client, tenantId);
      if (watermark < since) refusals.push(`The watermark ${formatTime(watermark)} is before Loris was installed (${formatTime(since)}); choose a moment after the install.`);
    }
  }
  if (to === "api" && !watermark) watermark = now;

  const toDay = localDay(watermark ?? now, zone);
  const range = { fromDay: addDays(toDay, -(SHADOW_CHECK_DAYS - 1)), toDay, ...(to === "cutover" && watermark ? { before: watermark } : {}) };
  const days = await ledgerDays(tenantId, { ...range, now }, client);
  const disagreeing: DisagreeingDay[] = [];
  if (to === "cutover") {
    for (const d of days) {
      if (d.expected === 0) continue;
      const share = (d.onlyFtp + d.onlyApi) / d.expected;
      if (share > DISAGREE_SHARE) disagreeing.push({ day: d.day, expected: d.expected, onlyFtp: d.onlyFtp, onlyApi: d.onlyApi, share: Math.round(share * 1000) / 1000 });
    }
    if (days.every((d) => d.expected === 0) && watermark) refusals.push(`There are no calls in the ${SHADOW_CHECK_DAYS} days before the watermark to compare; run shadow over some traffic first.`);
    if (disagreeing.length) refusals.push(`The FTP export and the APIs disagree on ${plural(disagreeing.length, "shadow day")} (more than ${DISAGREE_SHARE * 100}% of calls with a recording from one source only): ${disagreeing.map((d) => `${d.day} (${d.onlyFtp} FTP only, ${d.onlyApi} API only of ${d.expected})`).join(", ")}. Let shadow catch up or fill the gaps, then try again.`);
  }

  const T = watermark;
  const after = T ? await recordingCounts(client, tenantId, { startedAt: { gte: T } }) : null;
  const beforeT = T ? await recordingCounts(client, tenantId, { startedAt: { lt: T } }) : null;
  const all = await recordingCounts(client, tenantId, {});
  // The ledger's gaps (a recording expected, none from any source after the grace period).
  const [gapRow] = await client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Call" c WHERE c."tenantId" = ${tenantId} AND ${gapSql("c", now)}`;
  const gaps = Number(gapRow?.n ?? 0);
  const counts = { calls: all.calls, ftpRecordings: all.ftp, apiRecordings: all.api, apiToFetch: 0, ftpIgnored: 0, apiIgnored: 0, gaps };

  if (to === "shadow" && from === "legacy") {
    counts.apiToFetch = all.apiToFetch;
    effects.push(`The APIs start fetching recordings beside the FTP export: ${plural(all.apiToFetch, "call")} still without an API recording will be fetched.`, "The FTP export stays authoritative: Loris keeps using its recordings where both have one.");
  } else if (to === "shadow") {
    counts.apiIgnored = after?.api ?? 0;
    effects.push(`Rollback: the FTP export is authoritative again for every call${T ? `, also from ${formatTime(T)}` : ""}; both sources keep running.`, `Nothing is deleted: ${plural(all.ftp, "FTP recording")} and ${plural(all.api, "API recording")} stay; for calls from the watermark the API recordings (${after?.api ?? 0}) are kept but the FTP copies are used where they exist.`);
    if (from === "api") effects.push("The FTP import starts again (it had stopped or was draining).");
  } else if (to === "legacy") {
    counts.apiIgnored = all.api;
    effects.push(`The APIs stop fetching recordings; the ${plural(all.api, "API recording")} already stored are kept.`, "The FTP export stays the only source of new recordings.");
  } else if (to === "cutover" && T && after && beforeT) {
    counts.apiToFetch = after.apiToFetch;
    counts.ftpIgnored = after.ftp;
    counts.apiIgnored = beforeT.api;
    effects.push(
      `Calls before ${formatTime(T)}: the FTP export stays authoritative (${plural(beforeT.ftp, "FTP recording")}); late FTP files for them are still taken; the API only fills calls the export lacks.`,
      `Calls from ${formatTime(T)}: the APIs are authoritative (${plural(after.api, "API recording")} already stored, ${plural(after.apiToFetch, "call")} to fetch); their ${plural(after.ftp, "FTP copy", "FTP copies")} are kept but not used while the API has one.`,
    );
  } else if (to === "api" && drainUntil) {
    counts.ftpIgnored = after?.ftp ?? 0;
    effects.push(`The FTP import keeps taking late files until ${formatTime(drainUntil)} (drain period), then stops; nothing it brought is deleted.`, `The APIs stay authoritative from ${T ? formatTime(T) : "now"}.`);
  }

  return {
    from, to, name: changeName(from, to),
    watermark: T ? T.toISOString() : null,
    drainUntil: drainUntil ? drainUntil.toISOString() : null,
    effects, counts, days, disagreeing,
    refusal: refusals.length ? refusals.join(" ") : null,
  };
}
