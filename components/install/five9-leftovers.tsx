// What the admin must still remove in Five9's Admin Console after an
// uninstall (Loris cannot: Five9 has no API for it). Used by the uninstall
// form's result and the uninstalled overview.
import type { Five9Leftover } from "@/lib/install/five9-leftovers";

export function Five9LeftoversList({ leftovers }: { leftovers: Five9Leftover[] }) {
  if (leftovers.length === 0) return null;
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium">Remove these in Five9 yourself — Five9 offers Loris no way to do it:</p>
      <ul aria-label="To remove in Five9" className="list-disc space-y-1 pl-5">
        {leftovers.map((l) => (
          <li key={l.kind}><span className="break-words">{l.identify}</span> — {l.where}</li>
        ))}
      </ul>
    </div>
  );
}
