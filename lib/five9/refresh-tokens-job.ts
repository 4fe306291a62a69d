// Every minute: renew access tokens that expire within REFRESH_AHEAD_MS.
// Several workers may run this at once; the row lock in
// refreshConnectionToken makes each connection refresh once.
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { refreshTokensContract } from "../jobs/contracts";
import { REFRESH_AHEAD_MS, refreshConnectionToken } from "./connection-tokens";

export const refreshTokensJob = defineJob(refreshTokensContract, {
  schedule: { cron: "* * * * *", payload: {} },
  handler: async (_payload, { log, signal }) => {
    const due = await db().five9Connection.findMany({
      where: { state: "active", OR: [{ tokenExpiresAt: null }, { tokenExpiresAt: { lt: new Date(Date.now() + REFRESH_AHEAD_MS) } }] },
      select: { tenantId: true },
    });
    const outcomes: Record<string, number> = {};
    for (const { tenantId } of due) {
      if (signal.aborted) break;
      const result = await refreshConnectionToken(tenantId);
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    }
    log.info({ due: due.length, outcomes }, "token refresh pass done");
    return { due: due.length, outcomes };
  },
});
