// Small factories for tenants and users in a test's own database.
import { db } from "../../lib/db";

let counter = 0;

export async function createTenant(slug?: string) {
  counter++;
  return db().tenant.create({ data: { slug: slug ?? `tenant-${counter}`, name: `Tenant ${counter}` } });
}

export async function createUser(options: { role?: "customer_admin" | "support"; tenantIds?: string[]; email?: string; passwordHash?: string } = {}) {
  counter++;
  return db().user.create({
    data: {
      email: options.email ?? `user${counter}@example.test`,
      name: `User ${counter}`,
      role: options.role ?? "customer_admin",
      passwordHash: options.passwordHash,
      memberships: { create: (options.tenantIds ?? []).map((tenantId) => ({ tenantId })) },
    },
  });
}
