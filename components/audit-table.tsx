import type { AuditLog } from "@prisma/client";
import { auditReason } from "@/lib/audit-query";
import { formatTime } from "@/lib/format-time";

export function AuditTable({ entries }: { entries: AuditLog[] }) {
  if (entries.length === 0) return <p className="mt-4 text-sm text-slate-600">Nothing has happened here yet.</p>;
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">When</th>
            <th scope="col" className="py-2 pr-4 font-medium">Who</th>
            <th scope="col" className="py-2 pr-4 font-medium">What</th>
            <th scope="col" className="py-2 pr-4 font-medium">Outcome</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => {
            const reason = e.outcome === "success" ? null : auditReason(e);
            return (
              <tr key={e.id}>
                <td className="py-2 pr-4 whitespace-nowrap text-slate-600"><time dateTime={e.createdAt.toISOString()}>{formatTime(e.createdAt, { seconds: true })}</time></td>
                <td className="py-2 pr-4">{e.actorEmail ?? "system"}</td>
                <td className="py-2 pr-4"><code className="text-xs">{e.action}</code>{e.target ? <span className="text-slate-500"> · {e.target}</span> : null}</td>
                <td className="py-2 pr-4">{e.outcome === "success" ? <span className="text-emerald-700">success</span> : <span className="text-red-700">{e.outcome}{reason ? <span className="text-slate-600"> — {reason}</span> : null}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
