import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childProcessEnv, EnvError, parseEnv } from "./env";

function problems(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("environment", () => {
  it("has development defaults so the demo needs no configuration", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.AUTH_URL).toBe("http://localhost:3000");
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.oidcEnabled).toBe(false);
  });

  it("names a malformed variable and says how to fix it", () => {
    const message = problems({ DATABASE_URL: "mysql://x", PORT: "http" });
    expect(message).toContain("DATABASE_URL: must be a postgresql:// URL");
    expect(message).toContain("Set DATABASE_URL=postgresql://");
    expect(message).toContain("PORT:");
    expect(message).toContain("TCP port number");
  });

  it("takes OUTBOUND_HOST_ALLOWLIST as a list of names, addresses and ranges, and names a malformed one", () => {
    expect(parseEnv({ OUTBOUND_HOST_ALLOWLIST: "127.0.0.1, 10.0.0.0/8,[::1],ftp.internal" }).OUTBOUND_HOST_ALLOWLIST).toBe("127.0.0.1, 10.0.0.0/8,[::1],ftp.internal");
    expect(parseEnv({}).OUTBOUND_HOST_ALLOWLIST).toBeUndefined();
    const message = problems({ OUTBOUND_HOST_ALLOWLIST: "ftp host;rm" });
    expect(message).toContain("OUTBOUND_HOST_ALLOWLIST: must be a comma-separated list");
    expect(message).toContain("CIDR ranges (e.g. 127.0.0.1,10.20.0.0/16");
  });

  it("requires the three OIDC variables together", () => {
    expect(problems({ OIDC_ISSUER: "https://id.example.com" })).toContain("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together");
    expect(parseEnv({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" }).oidcEnabled).toBe(true);
  });

  it("requires a real secret and keys in production", () => {
    const message = problems({ NODE_ENV: "production" });
    expect(message).toContain("AUTH_SECRET: is required in production");
    expect(message).toContain("ENCRYPTION_KEYS: is required in production");
    expect(problems({ AUTH_SECRET: "short" })).toContain("AUTH_SECRET: must be at least 32 characters");
  });

  it("stops the worker process at start with the message", () => {
    const result = spawnSync("node_modules/.bin/tsx", ["bin/worker.ts"], {
      env: { PATH: childProcessEnv().PATH, LOG_LEVEL: "loud", DATABASE_URL: "nope" } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain("LOG_LEVEL: Invalid option");
    expect(result.stderr).toContain("Use one of: fatal, error");
    expect(result.stderr).toContain("DATABASE_URL: must be a postgresql:// URL");
  });
});
