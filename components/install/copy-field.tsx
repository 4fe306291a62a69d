"use client";
// A read-only value with a Copy button (clipboard API; the value stays selectable when that is unavailable).
import { useState } from "react";

export function CopyField({ id, label, value, secret = false }: { id: string; label: string; value: string; secret?: boolean }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">{label}</label>
      <div className="mt-1 flex gap-2">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={`block w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs ${secret ? "border-amber-400 bg-amber-50" : ""}`} />
        <button type="button" onClick={copy} className="shrink-0 rounded-md border border-slate-300 bg-white px-3 text-sm hover:bg-slate-50" aria-label={`Copy ${label.toLowerCase()}`}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <span role="status" className="sr-only">{copied ? `${label} copied` : ""}</span>
    </div>
  );
}
