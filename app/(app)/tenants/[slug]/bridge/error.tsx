"use client";
// The bridge page could not be shown (the ledger query failed): say so in place, with a retry.
export default function BridgeError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6 text-sm text-red-800">
      <p className="font-semibold">The bridge could not be shown.</p>
      <p className="mt-1">Loris could not read the ledger just now. Try again; if it keeps failing, contact Loris support{error.digest ? ` and quote reference ${error.digest}` : ""}.</p>
      <button type="button" onClick={reset} className="mt-3 rounded-md bg-red-600 px-4 py-2 font-medium text-white hover:bg-red-700">Try again</button>
    </div>
  );
}
