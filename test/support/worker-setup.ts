// Runs before each test file: gives the file a database of its own, copied
// from the migrated template, so files run in parallel without sharing rows.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { setProcessEnv } from "../../lib/env";
import { createDatabase, databaseUrlFor, dropDatabase } from "../../dev/database-server";
import { disconnectDb } from "../../lib/db";

const serverUrl = inject("databaseServerUrl");
const name = `loris_test_${process.pid}_${randomBytes(4).toString("hex")}`;
await createDatabase(serverUrl, name, inject("templateDatabase"));
setProcessEnv({ DATABASE_URL: databaseUrlFor(serverUrl, name), LOG_LEVEL: "silent", NODE_ENV: "test" });

afterAll(async () => {
  await disconnectDb();
  await dropDatabase(serverUrl, name);
});
