-- Tenant lists are keyset-paged newest first: (createdAt desc, id desc).
CREATE INDEX "Tenant_createdAt_id_idx" ON "Tenant"("createdAt", "id");
-- Support counts tenants by status.
CREATE INDEX "Tenant_status_idx" ON "Tenant"("status");
-- The Activity page filters a tenant's audit log by action, newest first.
CREATE INDEX "AuditLog_tenantId_action_createdAt_idx" ON "AuditLog"("tenantId", "action", "createdAt");
