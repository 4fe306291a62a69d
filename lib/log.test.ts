import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

describe("logs", () => {
  it("redact secrets wherever they sit in a logged object", () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const log = createLogger({ level: "info", destination: sink });
    log.info({ password: "hunter2", connection: { clientSecret: "s3cr3t", accessToken: "tok-123" }, headers: { authorization: "Bearer abc" }, user: "ada" }, "connected");
    const output = lines.join("");
    for (const secret of ["hunter2", "s3cr3t", "tok-123", "Bearer abc"]) expect(output).not.toContain(secret);
    expect(output).toContain("ada");
    expect(output).toContain("[redacted]");
  });
});
