// Email + password sign-in for seeded/demo users. One message for every
// failure, so the answer never tells whether an account exists.
import { z } from "zod";
import { db } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { verifyPassword } from "./password";
import { clearSignInFailures, recordSignInFailure, signInBlockedFor, throttleKey } from "./throttle";

export const SIGN_IN_FAILED = "Email or password is incorrect.";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: "customer_admin" | "support";
}

export function throttledMessage(waitMs: number): string {
  return `Too many failed attempts. Wait ${Math.ceil(waitMs / 1000)} seconds and try again.`;
}

export async function authenticateWithPassword(raw: unknown): Promise<SignedInUser> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("unauthenticated", SIGN_IN_FAILED);
  const { email, password } = parsed.data;
  const key = throttleKey(email);

  const waitMs = await signInBlockedFor(key);
  if (waitMs > 0) throw new AppError("rate_limited", throttledMessage(waitMs));

  const user = await db().user.findUnique({ where: { email: email.toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok) {
    const { blockedForMs } = await recordSignInFailure(key);
    await recordAudit({ action: "auth.sign_in", target: email.toLowerCase(), outcome: "failure", details: { method: "password" } });
    throw new AppError(blockedForMs > 0 ? "rate_limited" : "unauthenticated", blockedForMs > 0 ? throttledMessage(blockedForMs) : SIGN_IN_FAILED);
  }
  await clearSignInFailures(key);
  await recordAudit({ action: "auth.sign_in", actor: user, target: user.email, details: { method: "password" } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
