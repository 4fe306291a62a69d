"use client";
import { chooseDomainAction } from "@/lib/actions/install/choose-domain";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";

// Step a asks only the region: the domain comes from the Five9 consent (or is typed with an API client on the next step).
export function RegionForm({ slug, regions, region }: { slug: string; regions: { id: string; name: string }[]; region: string }) {
  const { state, pending, onSubmit, errors } = useFormAction(chooseDomainAction);
  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-5" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <fieldset aria-describedby={errors.region ? "region-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">Region</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-3">
          {regions.map((r) => (
            <label key={r.id} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="radio" name="region" value={r.id} defaultChecked={r.id === region} />
              <span><span className="font-medium">{r.id.toUpperCase()}</span> <span className="text-slate-600">{r.name}</span></span>
            </label>
          ))}
        </div>
        {errors.region ? <p id="region-error" className="mt-1 text-sm text-red-700">{errors.region}</p> : null}
      </fieldset>
      {errors.domainId ? <p role="alert" className="text-sm text-red-700">{errors.domainId}</p> : null}
      <FormMessage state={state} />
      <Button type="submit" pending={pending} pendingLabel="Checking…">Continue</Button>
    </form>
  );
}
