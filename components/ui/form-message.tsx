// The one place a form says how its submission went: an alert for an error
// that belongs to no field (field errors show at their field), a status for success.
import type { ActionResult } from "@/lib/auth/guard";

export function FormMessage({ state, success }: { state: ActionResult<unknown> | null; success?: string }) {
  if (!state) return null;
  if (state.ok) return success ? <p role="status" className="text-sm text-emerald-700">{success}</p> : null;
  const fieldMessages = Object.values(state.error.fields ?? {});
  if (fieldMessages.length > 0) {
    // The fields say it already; repeat only a summary that adds something.
    return fieldMessages.includes(state.error.message) ? null : <p role="alert" className="text-sm text-red-700">{state.error.message}</p>;
  }
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.error.message}
    </p>
  );
}
