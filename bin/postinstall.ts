// Runs after `npm install`: generates the Prisma client. @prisma/client's own
// install step leaves throwing stubs, and `prisma generate` insists on a
// DATABASE_URL even though it never connects, so we give it a placeholder.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync("prisma/schema.prisma")) {
  const result = spawnSync("npx", ["prisma", "generate"], {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://placeholder@localhost:5432/placeholder",
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  process.exit(result.status ?? 1);
}
