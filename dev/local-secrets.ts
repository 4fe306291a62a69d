// Secrets for a local production build (demo, browser tests): `next start`
// runs with NODE_ENV=production, which requires real secrets. They are made
// once, kept in DATA_DIR with mode 600, and reused so sessions survive restarts.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "../lib/env";

const stored = z.object({ AUTH_SECRET: z.string().min(32), ENCRYPTION_KEYS: z.string().min(10) });

export function localSecrets(): z.infer<typeof stored> {
  const e = env();
  if (e.secretsConfigured) return { AUTH_SECRET: e.AUTH_SECRET, ENCRYPTION_KEYS: e.ENCRYPTION_KEYS };
  const file = path.join(env().DATA_DIR, "local-secrets.json");
  if (existsSync(file)) {
    const parsed = stored.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
  }
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `local1:${randomBytes(32).toString("base64")}`,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
