"use client";
import { useActionState } from "react";
import { renameTenantAction } from "@/lib/actions/tenants/rename-tenant";

export function RenameTenantForm({ slug, name }: { slug: string; name: string }) {
  const [state, action, pending] = useActionState(renameTenantAction, null);
  const fieldError = state && !state.ok ? state.error.fields?.name : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <div>
        <label htmlFor="tenant-name" className="block text-sm font-medium text-slate-700">Display name</label>
        <input
          id="tenant-name"
          name="name"
          defaultValue={name}
          aria-invalid={Boolean(fieldError)}
          aria-describedby={fieldError ? "tenant-name-error" : undefined}
          className="mt-1 block w-full max-w-sm rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500"
        />
        {fieldError ? <p id="tenant-name-error" className="mt-1 text-sm text-red-700">{fieldError}</p> : null}
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Saving…" : "Save"}
        </button>
        <p role="status" className="text-sm">
          {state?.ok ? <span className="text-emerald-700">Saved.</span> : null}
          {state && !state.ok && !fieldError ? <span className="text-red-700">{state.error.message}</span> : null}
        </p>
      </div>
    </form>
  );
}
