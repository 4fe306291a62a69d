// Prisma CLI configuration for these machines: Prisma 6.19.3 with the pg driver
// adapter and the JS schema engine, so `migrate` never downloads an engine.
// The three workarounds are explained in shared docs/prisma-offline.md.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// 3. The migration engine leaves 10 s and 60 s timers that keep the CLI alive.
const originalSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = originalSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= 5000) timer.unref?.();
  return timer;
}) as typeof setTimeout;

// 1. The adapter cannot deserialize the catalog types "char" (18) and name (19).
const CATALOG_TYPES = new Set([18, 19]);
type Fields = { fields?: { dataTypeID: number }[] };
function relabelCatalogTypes(result: unknown): void {
  for (const r of (Array.isArray(result) ? result : [result]) as Fields[]) {
    for (const field of r?.fields ?? []) if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = 25;
  }
}
class CatalogSafeClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error, res: unknown) => {
        if (res) relabelCatalogTypes(res);
        last(err, res);
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then((r: unknown) => (relabelCatalogTypes(r), r)) : out;
  }
}

function poolConfig(url: string, database?: string): pg.PoolConfig {
  const u = new URL(url);
  const schema = u.searchParams.get("schema");
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: database ?? decodeURIComponent(u.pathname.slice(1)),
    options: schema ? `-c search_path=${schema}` : undefined,
    Client: CatalogSafeClient,
    allowExitOnIdle: true,
  };
}

// 2. Shadow database: create a uniquely named one, and drop it only after its pool is closed.
class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly url: string) {
    super(poolConfig(url));
  }
  async connectToShadowDb() {
    const name = `prisma_shadow_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client(poolConfig(this.url));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const adapter = await new PrismaPg(poolConfig(this.url, name)).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client(poolConfig(this.url));
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}"`);
      await dropper.end();
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // The CLI loads this file in-process; DATABASE_URL is set by our scripts.
  adapter: async () => new MigrationAdapterFactory(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
});
