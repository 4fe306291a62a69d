import { describe, expect, it } from "vitest";
import { z } from "zod";
import { inPlainWords, zodFields, zodMessage } from "./zod-error";

const schema = z.object({
  recording: z.enum(["yes", "no"]).optional(),
  legacy: z.object({ host: z.string().min(1), port: z.coerce.number().int() }),
  name: z.string().min(1, "Give the workspace a name"),
  tags: z.array(z.string()).max(1),
});

describe("zod errors in one shape", () => {
  it("writes one line with dotted paths, counting what it leaves out", () => {
    const error = schema.safeParse({ recording: "maybe", legacy: { host: "", port: "x" }, name: "", tags: [] }).error!;
    expect(zodMessage(error)).toContain("legacy.host:");
    expect(zodMessage(error, { limit: 1 })).toMatch(/^recording: .+ \(and 3 more\)$/);
    expect(zodMessage(z.string().safeParse(1).error!, { root: "payload" })).toMatch(/^payload: /);
  });

  it("gives a form one message per field, whole-input issues under form", () => {
    const error = schema.safeParse({ legacy: { host: "", port: 1 }, name: "", tags: ["a", "b"] }, { error: inPlainWords }).error!;
    expect(zodFields(error)).toEqual({ "legacy.host": "is required", name: "Give the workspace a name", tags: "choose at most 1" });
    expect(zodFields(z.object({ a: z.string() }).strict().safeParse("x").error!)).toHaveProperty("form");
  });

  it("says what a person typed wrong in their words, never the validator's", () => {
    const error = schema.safeParse({ recording: "maybe", legacy: { port: "x" }, name: "n", tags: [] }, { error: inPlainWords }).error!;
    const line = zodMessage(error);
    expect(line).toContain("recording: must be one of: yes, no");
    expect(line).toContain("legacy.host: is required");
    expect(line).toContain("legacy.port: must be a number");
    expect(line).not.toMatch(/Invalid option|expected one of|received/);
  });

  it("lets a message written on the schema win over the plain-words map", () => {
    const error = z.object({ name: z.string().min(1, "Give the workspace a name") }).safeParse({ name: "" }, { error: inPlainWords }).error!;
    expect(zodFields(error)).toEqual({ name: "Give the workspace a name" });
  });
});
