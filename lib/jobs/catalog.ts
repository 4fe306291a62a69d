// Every job the worker knows, by name.
import { auditRetentionJob } from "./audit-retention";
import type { JobDefinition } from "./define-job";

export const jobCatalog: Record<string, JobDefinition> = {
  [auditRetentionJob.name]: auditRetentionJob as unknown as JobDefinition,
};

export type JobName = keyof typeof jobCatalog;
