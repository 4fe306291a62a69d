import { describe, expect, it } from "vitest";
import { db } from "./db";

describe("database per test file", () => {
  it("is migrated and starts empty", async () => {
    expect(await db().tenant.count()).toBe(0);
    const tenant = await db().tenant.create({ data: { slug: "acme", name: "Acme" } });
    expect(tenant.status).toBe("pending");
    await expect(db().tenant.create({ data: { slug: "acme", name: "Dup" } })).rejects.toThrow();
  });
});
