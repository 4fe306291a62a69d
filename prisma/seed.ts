// `npx prisma db seed` / `npm run db:seed`: the demo users and tenants.
import { loadEnvOrExit } from "../lib/env";
import { seedDemo } from "../dev/demo/seed";
import { disconnectDb } from "../lib/db";

loadEnvOrExit();
seedDemo()
  .then(() => console.log("Seeded demo users and tenants."))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
