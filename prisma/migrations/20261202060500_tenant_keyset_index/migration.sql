-- Tenant lists are keyset-paged newest first: (createdAt desc, id desc).
CREATE INDEX "Tenant_createdAt_id_idx" ON "Tenant"("createdAt", "id");
-- Support counts tenants by status.
CREATE INDEX "Tenant_status_idx" ON "Tenant"("status");
