// The Five9 domain's time zone, in which Five9 writes local wall times (call
// log, FTP export names) and in which Loris counts days. Learned from Five9 on
// the first call-log run (`Tenant.five9TimeZone`); until then — or when Five9
// does not say — Five9's default for a new domain, US Pacific.
export const DEFAULT_DOMAIN_TIME_ZONE = "America/Los_Angeles";

export const domainTimeZoneOf = (tenant: { five9TimeZone: string | null } | null | undefined): string => tenant?.five9TimeZone ?? DEFAULT_DOMAIN_TIME_ZONE;
