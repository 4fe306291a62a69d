// "Next page" / "First page" links for a keyset-paged list. The next link
// carries the cursor the list function returned; there is no page count (a
// count would be the full scan paging avoids).
import Link from "next/link";
import { buttonClass } from "./button";

export function Pager({ firstHref, nextHref, label, paged }: { firstHref: string; nextHref: string | null; label: string; paged: boolean }) {
  if (!paged && !nextHref) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap gap-2">
      {paged ? <Link href={firstHref} className={buttonClass("secondary")}>← First page</Link> : null}
      {nextHref ? <Link href={nextHref} className={buttonClass("secondary")}>Next page →</Link> : null}
    </nav>
  );
}
