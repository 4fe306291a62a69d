import { describe, expect, it } from "vitest";
import { db } from "../db";
import { AppError } from "../errors";
import { createUser } from "../../test/support/fixtures";
import { authenticateWithPassword, SIGN_IN_FAILED } from "./credentials";
import { hashPassword } from "./password";
import { recordSignInFailure, signInBlockedFor, throttleKey } from "./throttle";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("password sign-in", () => {
  it("signs in with the right password and audits it", async () => {
    const user = await createUser({ email: "right@example.test", passwordHash: await hashPassword("correct horse") });
    const signedIn = await authenticateWithPassword({ email: "Right@Example.test", password: "correct horse" });
    expect(signedIn.id).toBe(user.id);
    expect(await db().auditLog.count({ where: { action: "auth.sign_in", actorUserId: user.id, outcome: "success" } })).toBe(1);
  });

  it("gives one message for a wrong password and for an unknown user", async () => {
    await createUser({ email: "known@example.test", passwordHash: await hashPassword("secret-1") });
    const wrongPassword = await failure(authenticateWithPassword({ email: "known@example.test", password: "nope" }));
    const unknownUser = await failure(authenticateWithPassword({ email: "ghost@example.test", password: "nope" }));
    expect(wrongPassword.userMessage).toBe(SIGN_IN_FAILED);
    expect(unknownUser.userMessage).toBe(SIGN_IN_FAILED);
    expect(await db().auditLog.count({ where: { action: "auth.sign_in", outcome: "failure" } })).toBeGreaterThanOrEqual(2);
  });

  it("slows down repeated failures, for existing and unknown accounts alike", async () => {
    await createUser({ email: "target@example.test", passwordHash: await hashPassword("right") });
    for (const email of ["target@example.test", "nobody@example.test"]) {
      const messages: string[] = [];
      for (let i = 0; i < 5; i++) messages.push((await failure(authenticateWithPassword({ email, password: `guess-${i}` }))).userMessage);
      expect(messages.slice(0, 3)).toEqual([SIGN_IN_FAILED, SIGN_IN_FAILED, SIGN_IN_FAILED]);
      expect(messages[3]).toMatch(/Too many failed attempts/);
      expect(messages[4]).toMatch(/Too many failed attempts/);
    }
    // While blocked, even the right password is refused.
    const blocked = await failure(authenticateWithPassword({ email: "target@example.test", password: "right" }));
    expect(blocked.code).toBe("rate_limited");
  });

  it("doubles the block with each further failure, up to a cap", async () => {
    const key = throttleKey("doubling@example.test");
    const now = new Date("2026-01-01T00:00:00Z");
    const blocks = [];
    for (let i = 0; i < 15; i++) blocks.push((await recordSignInFailure(key, now)).blockedForMs);
    expect(blocks.slice(0, 6)).toEqual([0, 0, 0, 2000, 4000, 8000]);
    expect(Math.max(...blocks)).toBe(15 * 60_000);
    expect(await signInBlockedFor(key, new Date(now.getTime() + 15 * 60_000 + 1))).toBe(0);
  });

  it("rejects malformed input with the same message", async () => {
    for (const raw of [null, {}, { email: "", password: "x" }, { email: "a@b.c" }, { email: "a@b.c", password: "x".repeat(2000) }]) {
      expect((await failure(authenticateWithPassword(raw))).userMessage).toBe(SIGN_IN_FAILED);
    }
  });
});
