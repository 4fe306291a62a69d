// Which tables hold a tenant's data, derived from the Prisma schema (not kept
// by hand): every model with a tenantId field, plus models below them by
// relation that have none (deleted with their parent). Deletion, the
// isolation tests and the deletion summary all read this one list; a new
// model with a tenantId is covered the day it is added (a test fails if it has
// no label, the words the summary uses: deletion-summary.ts).
import { Prisma } from "@prisma/client";

/** Kept when a tenant's data is deleted: the record of what happened and who may see the workspace. */
export const KEPT_MODELS: Readonly<Record<string, string>> = {
  AuditLog: "the record of the uninstall and the deletion itself",
  DataDeletion: "the deletion's own progress and report",
  Membership: "who may open the workspace (it stays, empty, and can be installed again)",
};

interface ModelInfo {
  name: string;
  table: string;
  hasTenantId: boolean;
  /** Models this one points at (it holds the foreign key `${field}Id`). */
  parents: string[];
}

function models(): ModelInfo[] {
  return Prisma.dmmf.datamodel.models.map((m) => {
    const scalars = new Set(m.fields.filter((f) => f.kind === "scalar").map((f) => f.name));
    // The runtime schema omits foreign key details; a relation field `x` with a scalar `xId` beside it is the owning side.
    const parents = m.fields.filter((f) => f.kind === "object" && !f.isList && scalars.has(`${f.name}Id`)).map((f) => f.type);
    return { name: m.name, table: m.dbName ?? m.name, hasTenantId: scalars.has("tenantId"), parents };
  });
}

/** Every model with a tenantId (kept ones included): what the isolation tests snapshot. */
export function tenantModels(): string[] {
  return models().filter((m) => m.hasTenantId).map((m) => m.name);
}

/** The database tables of tenantModels(). */
export function tenantTables(): string[] {
  return models().filter((m) => m.hasTenantId).map((m) => m.table);
}

export interface TenantTable {
  model: string;
  table: string;
  /** How its rows are found: by tenantId, or through the parent that has one. */
  via: { kind: "tenantId" } | { kind: "parent"; parentTable: string; foreignKey: string };
}

/** The tables deleted with a tenant's data, children before parents. */
export function tenantDataTables(): TenantTable[] {
  const all = models();
  const byName = new Map(all.map((m) => [m.name, m]));
  const tenantOwned = all.filter((m) => m.hasTenantId && !(m.name in KEPT_MODELS));
  const owned = new Set(tenantOwned.map((m) => m.name));
  const tables: TenantTable[] = tenantOwned.map((m) => ({ model: m.name, table: m.table, via: { kind: "tenantId" } }));
  // Children (by relation) of tenant data that carry no tenantId themselves.
  for (const m of all) {
    if (m.hasTenantId || owned.has(m.name)) continue;
    const parent = m.parents.find((p) => owned.has(p));
    if (!parent) continue;
    const field = Prisma.dmmf.datamodel.models.find((x) => x.name === m.name)!.fields.find((f) => f.kind === "object" && f.type === parent)!.name;
    tables.push({ model: m.name, table: m.table, via: { kind: "parent", parentTable: byName.get(parent)!.table, foreignKey: `${field}Id` } });
    owned.add(m.name);
  }
  // Children first: a model comes before every model it points at.
  const order: TenantTable[] = [];
  const placed = new Set<string>();
  const place = (t: TenantTable, path: Set<string>) => {
    if (placed.has(t.model) || path.has(t.model)) return;
    path.add(t.model);
    for (const child of tables.filter((c) => byName.get(c.model)!.parents.includes(t.model))) place(child, path);
    placed.add(t.model);
    order.push(t);
  };
  for (const t of tables.filter((x) => !byName.get(x.model)!.parents.some((p) => owned.has(p)))) place(t, new Set());
  for (const t of tables) place(t, new Set());
  return order;
}
