// Running a tenant's job only while the tenant is open for work, and stopping
// it promptly when it closes (uninstall, deletion of its data). The run holds
// its stream lease (sync-cursor.ts), which a deletion waits for; its signal
// is aborted as soon as the gate closes, so downloads and report windows in
// flight stop and nothing more is written. A run that finds the tenant closed
// or gone ends quietly ("closed"): no failed job, no dead letter.
import { logger } from "../log";
import { tenantOpenForWork, withStreamLease } from "./sync-cursor";

/** A tenant job's lease: longer than one batch or window can take, renewed after each; a crashed run's lease expires by itself. */
export const TENANT_JOB_LEASE_MS = 10 * 60_000;

/** How often a running job looks whether its tenant closed. */
const GATE_POLL_MS = 1_000;

export type GatedRun<T> = { outcome: "ran"; value: T } | { outcome: "busy" } | { outcome: "closed" };

export class TenantClosed extends Error {
  constructor(readonly tenantId: string) {
    super("The workspace was uninstalled or its data is being deleted: the run stopped");
    this.name = "TenantClosed";
  }
}

export async function runWhileTenantOpen<T>(
  tenantId: string,
  stream: string,
  leaseMs: number,
  work: (ctx: { signal: AbortSignal; renew: () => Promise<void> }) => Promise<T>,
  options: { signal?: AbortSignal; pollMs?: number } = {},
): Promise<GatedRun<T>> {
  const closed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, closed.signal]) : closed.signal;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const watch = () => {
    if (finished) return;
    timer = setTimeout(() => {
      void tenantOpenForWork(tenantId)
        .then((open) => (open ? watch() : closed.abort(new TenantClosed(tenantId))))
        .catch(() => watch());
    }, options.pollMs ?? GATE_POLL_MS);
  };
  try {
    const result = await withStreamLease(tenantId, stream, leaseMs, async (renew) => {
      watch();
      return { value: await work({ signal, renew }) };
    });
    if (result) return closed.signal.aborted ? { outcome: "closed" } : { outcome: "ran", value: result.value };
    return (await tenantOpenForWork(tenantId)) ? { outcome: "busy" } : { outcome: "closed" };
  } catch (error) {
    // Whatever the run hit after its tenant closed (an aborted download, a row already gone) is not a failure.
    if (closed.signal.aborted || !(await tenantOpenForWork(tenantId))) {
      logger("tenant-gate").info({ tenantId, stream, err: error instanceof Error ? error.message : String(error) }, "tenant closed for work; run stopped");
      return { outcome: "closed" };
    }
    throw error;
  } finally {
    finished = true;
    clearTimeout(timer);
  }
}
