// Faults injected at run time, per domain and endpoint: an HTTP error status
// (429 with Retry-After, 5xx, 435), added latency, or a connection reset
// before the body. Each fault fires `count` times (or forever when omitted).
// Other parts of the simulator ask `take(kind, domainId)` for faults they
// apply themselves (truncated WAV, duplicate pages, stream cuts, FTP files).
import type { ServerResponse } from "node:http";
import { z } from "zod";

export const faultSchema = z.object({
  domainId: z.string().min(1).optional(),
  /** Path prefix the fault applies to, e.g. "/oauth2/v1/token"; omitted = every endpoint. */
  endpoint: z.string().startsWith("/").optional(),
  type: z.enum(["status", "latency", "reset", "truncated_wav", "duplicate_page", "out_of_order_page", "token_revoked", "stream_cut", "partial_file", "reuploaded_file", "empty_file", "truncated_file", "unreadable_file", "vanishing_file", "dropped_connection", "stray_file", "malformed_transcript", "malformed_csv_row", "extra_csv_column"]),
  status: z.number().int().min(400).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  count: z.number().int().min(1).optional(),
});

export type FaultSpec = z.infer<typeof faultSchema>;
type ActiveFault = FaultSpec & { id: number; fired: number };

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    const id = this.nextId++;
    this.faults.push({ ...spec, id, fired: 0 });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return [...this.faults];
  }

  /** Consumes one firing of a fault of this type matching the domain and path, if any. */
  take(type: FaultSpec["type"], domainId?: string, path?: string): ActiveFault | undefined {
    const fault = this.faults.find(
      (f) => f.type === type && (!f.domainId || f.domainId === domainId) && (!f.endpoint || (path ?? "").startsWith(f.endpoint)) && (f.count === undefined || f.fired < f.count),
    );
    if (fault) fault.fired++;
    return fault;
  }

  /** Applies request-level faults; true when the request has been answered (or cut). */
  async apply(path: string, domainId: string | undefined, res: ServerResponse): Promise<boolean> {
    const latency = this.take("latency", domainId, path);
    if (latency?.latencyMs) await new Promise((r) => setTimeout(r, latency.latencyMs));
    if (this.take("reset", domainId, path)) {
      res.socket?.destroy();
      return true;
    }
    const status = this.take("status", domainId, path);
    if (status) {
      const code = status.status ?? 500;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (code === 429) headers["retry-after"] = String(status.retryAfterSeconds ?? 1);
      res.writeHead(code, headers);
      res.end(JSON.stringify({ error: code === 429 ? "Too many requests" : code === 435 ? "Domain migrated" : "Injected fault" }));
      return true;
    }
    return false;
  }
}
