// VoiceStream subscriptions, as a Five9 admin creates them in Admin Console:
// where to stream (our gRPC endpoint), where to POST call events, the trust
// token, and which campaigns. A subscription is activated only after its
// event URL proves it knows the token: GET must answer the JSON string of
// the token's SHA-256 hex.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";

export const createSubscriptionSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** host:port of the subscriber's gRPC server. */
  grpcEndpoint: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, "must be host:port"),
  eventUrl: z.url({ protocol: /^https?$/ }),
  trustToken: z.string().min(8).max(512),
  /** Campaign names; empty = every campaign of the domain. */
  campaigns: z.array(z.string().min(1)).default([]),
});

export type CreateSubscriptionInput = z.input<typeof createSubscriptionSchema>;
export type SubscriptionStatus = "pending" | "active" | "failed";

export interface Subscription {
  id: string;
  domainId: string;
  name: string;
  grpcEndpoint: string;
  eventUrl: string;
  trustToken: string;
  campaigns: string[];
  status: SubscriptionStatus;
  failureReason: string | null;
  createdAt: string;
  validatedAt: string | null;
}

/** What the API shows: never the token itself. */
export type PublicSubscription = Omit<Subscription, "trustToken"> & { trustTokenSha256: string };

/** A request VoiceStream cannot take (e.g. unknown domain), with the HTTP status to answer. */
export class SubscriptionInputError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function trustTokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function toPublic(s: Subscription): PublicSubscription {
  const { trustToken, ...rest } = s;
  return { ...rest, trustTokenSha256: trustTokenDigest(trustToken) };
}

export function covers(s: Subscription, campaign: string): boolean {
  return s.status === "active" && (s.campaigns.length === 0 || s.campaigns.includes(campaign));
}

/**
 * Checks the event URL the way Five9 does: GET, HTTP 2xx, and a JSON body
 * that is a string equal to the SHA-256 hex of the trust token. Returns the
 * reason on failure.
 */
export async function validateEventUrl(eventUrl: string, trustToken: string, timeoutMs = 5_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  let res: Response;
  try {
    res = await fetch(eventUrl, { method: "GET", headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (error) {
    return { ok: false, reason: `event URL unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await res.text().catch(() => "");
  if (res.status < 200 || res.status >= 300) return { ok: false, reason: `event URL answered HTTP ${res.status}` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: "event URL did not answer JSON (expected the JSON string of the trust token's SHA-256 hex)" };
  }
  if (typeof body !== "string") return { ok: false, reason: "event URL answered JSON that is not a string" };
  if (body.toLowerCase() !== trustTokenDigest(trustToken)) return { ok: false, reason: "event URL answered a digest that does not match the trust token" };
  return { ok: true };
}

export class SubscriptionStore {
  private byId = new Map<string, Subscription>();

  add(domainId: string, input: z.output<typeof createSubscriptionSchema>, now: Date): Subscription {
    const sub: Subscription = {
      id: randomUUID(),
      domainId,
      ...input,
      status: "pending",
      failureReason: null,
      createdAt: now.toISOString(),
      validatedAt: null,
    };
    this.byId.set(sub.id, sub);
    return sub;
  }

  get(domainId: string, id: string): Subscription | undefined {
    const sub = this.byId.get(id);
    return sub?.domainId === domainId ? sub : undefined;
  }

  list(domainId?: string): Subscription[] {
    return [...this.byId.values()].filter((s) => !domainId || s.domainId === domainId);
  }

  remove(domainId: string, id: string): Subscription | undefined {
    const sub = this.get(domainId, id);
    if (sub) this.byId.delete(id);
    return sub;
  }

  domains(): Set<string> {
    return new Set([...this.byId.values()].map((s) => s.domainId));
  }
}

export interface VoiceStreamSubscriptions {
  /** Creates a subscription and validates its event URL; resolves with it active or failed. Rejects with SubscriptionInputError(404) for an unknown domain. */
  create(domainId: string, input: CreateSubscriptionInput): Promise<PublicSubscription>;
  list(domainId?: string): PublicSubscription[];
  get(domainId: string, id: string): PublicSubscription | undefined;
  /** Validates again (e.g. after fixing the event URL). */
  validate(domainId: string, id: string): Promise<PublicSubscription | undefined>;
  /** Removes it and cancels its live streams. */
  remove(domainId: string, id: string): boolean;
}
