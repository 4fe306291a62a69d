// The one rule for "retrying will not help": every Five9Error kind is listed
// here with what it means, so a new kind cannot be added without deciding it.
import { describe, expect, it } from "vitest";
import { FIVE9_ERROR_KINDS, Five9Error, five9ErrorFromStatus, isCredentialRefusal, isPermanentFive9Error, type Five9ErrorKind } from "./errors";
import { IngestError } from "../ingest/recordings/ingest-error";

const EXPECTED: Record<Five9ErrorKind, "permanent" | "transient" | "neither"> = {
  unreachable: "transient",
  rate_limited: "transient",
  server_error: "transient",
  bad_response: "neither",
  invalid_client: "permanent",
  invalid_grant: "permanent",
  invalid_scope: "permanent",
  unauthorized: "permanent",
  forbidden: "permanent",
  migrated: "permanent",
};

describe("isPermanentFive9Error", () => {
  it.each(FIVE9_ERROR_KINDS.map((kind) => [kind, EXPECTED[kind]] as const))("%s is %s", (kind, expected) => {
    const error = new Five9Error(kind, `test ${kind}`);
    expect(isPermanentFive9Error(error)).toBe(expected === "permanent");
    expect(error.transient).toBe(expected === "transient");
    // Never both.
    expect(error.permanent && error.transient).toBe(false);
  });

  it("covers every kind, and only kinds", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FIVE9_ERROR_KINDS].sort());
  });

  it("is false for anything that is not a Five9Error", () => {
    expect(isPermanentFive9Error(new Error("unauthorized"))).toBe(false);
    expect(isPermanentFive9Error({ kind: "unauthorized" })).toBe(false);
    expect(isPermanentFive9Error(undefined)).toBe(false);
  });

  it("agrees with the HTTP mapping: 401, 403, 435 permanent; 429, 5xx not", () => {
    expect([401, 403, 435, 429, 500, 503, 400].map((s) => isPermanentFive9Error(five9ErrorFromStatus(s, "x")))).toEqual([true, true, true, false, false, false, false]);
  });

  it("a media failure caused by a permanent refusal is permanent too (the stream stops), a transient one is not", () => {
    expect(new IngestError("forbidden", "c1", "denied", { cause: new Five9Error("forbidden", "denied") }).permanent).toBe(true);
    expect(new IngestError("rejected", "c1", "x", { cause: new Five9Error("invalid_client", "x") }).permanent).toBe(true);
    expect(new IngestError("transient_exhausted", "c1", "x", { cause: new Five9Error("server_error", "x") }).permanent).toBe(false);
    expect(new IngestError("invalid_wav", "c1", "x").permanent).toBe(false);
  });

  it("credential refusals are the subset that asks for re-authorization", () => {
    for (const kind of FIVE9_ERROR_KINDS) {
      const refusal = isCredentialRefusal(new Five9Error(kind, "x"));
      expect(refusal).toBe(["unauthorized", "invalid_client", "invalid_grant"].includes(kind));
      if (refusal) expect(EXPECTED[kind]).toBe("permanent");
    }
  });
});
