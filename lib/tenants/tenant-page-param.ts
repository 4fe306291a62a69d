// The `?after=` of a tenant list page: a cursor from a Next page link, or
// nothing. A link that was edited into something else is said, and the first
// page is shown.
import { keysetCursorSchema } from "../keyset-cursor";

export function tenantPageParam(raw: string | string[] | undefined): { after?: string; invalid: boolean } {
  if (raw === undefined || raw === "") return { invalid: false };
  const parsed = keysetCursorSchema.safeParse(raw);
  return parsed.success ? { after: parsed.data, invalid: false } : { invalid: true };
}
