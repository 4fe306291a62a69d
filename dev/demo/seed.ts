// Seeds demo users and tenants. Idempotent: running it again changes nothing.
import { db } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { demoPassword, demoTenants, demoUsers } from "./seed-data";

export async function seedDemo(): Promise<void> {
  const prisma = db();
  const tenants = new Map<string, string>();
  for (const t of demoTenants) {
    const row = await prisma.tenant.upsert({ where: { slug: t.slug }, create: { slug: t.slug, name: t.name }, update: {} });
    tenants.set(t.slug, row.id);
  }
  const passwordHash = await hashPassword(demoPassword);
  for (const u of demoUsers) {
    const user = await prisma.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, role: u.role, passwordHash },
      update: {},
    });
    for (const slug of u.tenants) {
      const tenantId = tenants.get(slug)!;
      await prisma.membership.upsert({
        where: { userId_tenantId: { userId: user.id, tenantId } },
        create: { userId: user.id, tenantId },
        update: {},
      });
    }
  }
}
