// Runs after `npm install`: generates the Prisma client. @prisma/client's own
// install step leaves throwing stubs, and `prisma generate` insists on a
// DATABASE_URL even though it never connects, so we give it a placeholder.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { childProcessEnv } from "../lib/env";

if (existsSync("prisma/schema.prisma")) {
  const env = childProcessEnv({ CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" });
  env.DATABASE_URL ||= "postgresql://placeholder@localhost:5432/placeholder";
  const result = spawnSync("node_modules/.bin/prisma", ["generate"], { stdio: "inherit", env });
  process.exit(result.status ?? 1);
}
