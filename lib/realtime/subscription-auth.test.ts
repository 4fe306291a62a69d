// Who a stream belongs to: the first authenticated streams name the
// subscription's Five9 id — when several arrive together with different ids,
// exactly one id is learnt and only its streams are accepted.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { authenticateStream } from "./subscription-auth";

describe("authenticateStream", () => {
  it("streams opening together with two different subscription ids: one id is learnt, the other's streams are refused", async () => {
    const fixture = await liveAudioTenant();
    const ask = (subscriptionId: string) => authenticateStream({ domainId: fixture.domainId, subscriptionId, campaign: "Sales", metadataToken: fixture.token, configToken: fixture.token });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? "sub-odd" : "sub-even")));
    const learnt = (await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: fixture.tenant.id } })).five9SubscriptionId;
    expect(["sub-odd", "sub-even"]).toContain(learnt);
    results.forEach((r, i) => {
      const id = i % 2 ? "sub-odd" : "sub-even";
      expect(r).toEqual(id === learnt ? { ok: true, tenantId: fixture.tenant.id, subscriptionRowId: expect.any(String), campaignChosen: true } : { ok: false, reason: "unknown_subscription" });
    });
    // Later streams are judged against the learnt id.
    expect(await ask(learnt!)).toMatchObject({ ok: true });
    expect(await ask(learnt === "sub-odd" ? "sub-even" : "sub-odd")).toEqual({ ok: false, reason: "unknown_subscription" });
  });

  it("refuses alike whatever part is wrong, and a campaign outside the chosen ones is marked", async () => {
    const fixture = await liveAudioTenant({ campaigns: ["Sales"] });
    const base = { domainId: fixture.domainId, subscriptionId: "s1", campaign: "Sales", metadataToken: fixture.token, configToken: fixture.token };
    expect(await authenticateStream({ ...base, domainId: "no-such-domain" })).toEqual({ ok: false, reason: "unknown_domain" });
    expect(await authenticateStream({ ...base, metadataToken: "wrong" })).toEqual({ ok: false, reason: "token_mismatch" });
    expect(await authenticateStream({ ...base, configToken: "" })).toEqual({ ok: false, reason: "token_missing" });
    expect(await authenticateStream({ ...base, campaign: "Support" })).toMatchObject({ ok: true, campaignChosen: false });
    const off = await liveAudioTenant({ dataKinds: ["call_log"] });
    expect(await authenticateStream({ ...base, domainId: off.domainId, metadataToken: off.token, configToken: off.token })).toEqual({ ok: false, reason: "live_audio_off" });
  });
});
