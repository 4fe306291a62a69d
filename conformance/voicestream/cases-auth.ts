// Cases about who may stream: the trust token in metadata and in the config,
// the subscription and domain it belongs to, and the campaigns the admin
// chose. Every refusal looks the same, so a caller learns nothing about which
// part was wrong.
import { randomBytes } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import type { CaseContext, ConformanceCase, LegOverrides } from "./case-types";
import { describeEnd, errorStatuses, expectRefused, responseSummary } from "./checks";

const timeout = (o: { startTimeoutMs: number; endTimeoutMs: number }) => 2 * o.startTimeoutMs + o.endTimeoutMs + 5000;
const wrong = (s: string) => `${s.slice(0, Math.max(1, s.length - 4))}${randomBytes(2).toString("hex")}`;

interface Refusal {
  name: string;
  overrides: (ctx: CaseContext) => LegOverrides;
}

const REFUSALS: Refusal[] = [
  { name: "wrong token in metadata", overrides: (ctx) => ({ metadataToken: wrong(ctx.options.token) }) },
  { name: "no token in metadata", overrides: () => ({ metadataToken: null }) },
  { name: "wrong token in config", overrides: (ctx) => ({ config: { trust_token: wrong(ctx.options.token) } }) },
  { name: "unknown subscription", overrides: () => ({ config: { subscription_id: `unknown-${randomBytes(6).toString("hex")}` } }) },
  { name: "subscription of another domain", overrides: (ctx) => ({ config: { domain_id: `${ctx.options.domain}9${randomBytes(2).readUInt16BE(0)}` } }) },
];

function refusalCase(id: string, r: Refusal): ConformanceCase {
  return {
    id,
    title: r.name,
    expectation: "No START, an SRV_ERROR_* status, then gRPC UNAUTHENTICATED (within 5 s); nothing of the stream is stored.",
    timeoutMs: timeout,
    run: async (ctx) => {
      await expectRefused(ctx, ctx.leg(r.overrides(ctx)), grpc.status.UNAUTHENTICATED);
    },
  };
}

export const authCases: ConformanceCase[] = [
  refusalCase("wrong-token-metadata", REFUSALS[0]!),
  refusalCase("missing-token-metadata", REFUSALS[1]!),
  refusalCase("wrong-token-config", REFUSALS[2]!),
  refusalCase("unknown-subscription", REFUSALS[3]!),
  refusalCase("wrong-domain", REFUSALS[4]!),
  {
    id: "auth-no-hint",
    title: "every refusal looks the same",
    expectation: "The five refusals above answer the same statuses, the same gRPC code and the same details: no hint which part was wrong.",
    timeoutMs: (o) => 5 * timeout(o),
    run: async (ctx) => {
      const seen: { name: string; shape: string }[] = [];
      for (const r of REFUSALS) {
        const leg = ctx.leg(r.overrides(ctx)).open();
        const end = await leg.waitForEnd(ctx.options.startTimeoutMs);
        if (!end) leg.cancel();
        const statuses = leg.responses.map((x) => `${x.code ?? "feedback"}:${x.message ?? ""}`).join(" | ");
        seen.push({ name: r.name, shape: `${describeEnd(end)} / ${statuses || "no statuses"}` });
      }
      const shapes = new Set(seen.map((s) => s.shape));
      ctx.check("all refusals identical on the wire", shapes.size === 1, seen.map((s) => `${s.name}: ${s.shape}`).join("; "));
    },
  },
  {
    id: "unchosen-campaign",
    title: "a campaign the admin did not choose",
    expectation: "Ended politely: no START, no SRV_ERROR_*, the stream ends with OK (optionally after SRV_REQ_DISCONNECT); nothing stored. Runs only with --unchosen-campaign.",
    skip: (o) => (o.unchosenCampaign ? undefined : "needs --unchosen-campaign <a campaign the subscription does not cover>"),
    timeoutMs: timeout,
    run: async (ctx) => {
      const leg = ctx.leg({ config: { campaign_id: ctx.options.unchosenCampaign! } }).open();
      let end = await leg.waitForEnd(ctx.options.startTimeoutMs);
      if (!end) {
        leg.halfClose();
        end = await leg.waitForEnd(ctx.options.endTimeoutMs);
      }
      ctx.check("no START", !leg.startOf(), `responses: ${responseSummary(leg)}`);
      ctx.check("no SRV_ERROR_* status, ends with OK", end?.code === grpc.status.OK && errorStatuses(leg).length === 0, `${describeEnd(end)}; responses: ${responseSummary(leg)}`);
    },
  },
];
