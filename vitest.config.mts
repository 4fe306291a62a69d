import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["{lib,sim,bin,app,components,conformance,prisma,dev,test,proto}/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./test/support/global-setup.ts"],
    setupFiles: ["./test/support/worker-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
