// Keyset paging for lists ordered newest first by (timestamp, id): the cursor
// is the last row's "ISO time|id", so a page costs an index range scan however
// deep it is (no OFFSET), and rows added meanwhile do not shift later pages.
import { z } from "zod";

/** A cursor as it arrives in a URL; the message is what the person sees. */
export const keysetCursorSchema = z.string().max(100).regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[\w-]+$/, "is not a valid page link");

export function cursorOf(row: { id: string }, at: Date): string {
  return `${at.toISOString()}|${row.id}`;
}

/** The rows after the cursor in (field desc, id desc) order, as a Prisma where clause. */
export function afterCursor<F extends string>(field: F, cursor: string) {
  const [at, id] = cursor.split("|") as [string, string];
  const when = new Date(at);
  return { OR: [{ [field]: { lt: when } }, { [field]: when, id: { lt: id } }] } as { OR: ({ [K in F]: { lt: Date } } | ({ [K in F]: Date } & { id: { lt: string } }))[] };
}

/** Splits a fetch of take + 1 rows into the page and the cursor of the next one (null on the last page). */
export function pageOf<T extends { id: string }>(rows: T[], take: number, at: (row: T) => Date): { items: T[]; next: string | null } {
  const items = rows.slice(0, take);
  const last = items.at(-1);
  return { items, next: rows.length > take && last ? cursorOf(last, at(last)) : null };
}
