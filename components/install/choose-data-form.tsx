"use client";
import { chooseDataAction } from "@/lib/actions/install/choose-data";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";

interface Props {
  slug: string;
  editing: boolean;
  campaigns: { name: string; type: string | null }[];
  chosen: string[];
  kinds: { kind: string; label: string; description: string }[];
  chosenKinds: string[];
}

export function ChooseDataForm({ slug, editing, campaigns, chosen, kinds, chosenKinds }: Props) {
  const { state, pending, onSubmit, errors } = useFormAction(chooseDataAction);
  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      <input type="hidden" name="slug" value={slug} />
      {editing ? <input type="hidden" name="returnTo" value="overview" /> : null}
      <fieldset aria-describedby={errors.campaigns ? "campaigns-error" : undefined}>
        <legend className="text-base font-semibold">Campaigns</legend>
        {campaigns.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Your Five9 domain has no campaigns yet. Create one in Five9, then reload this page.</p>
        ) : (
          <ul className="mt-2 grid gap-2 sm:grid-cols-2">
            {campaigns.map((c) => (
              <li key={c.name}>
                <label className="flex items-center gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input type="checkbox" name="campaigns" value={c.name} defaultChecked={chosen.length === 0 || chosen.includes(c.name)} />
                  <span className="font-medium">{c.name}</span>
                  {c.type ? <span className="ml-auto text-xs text-slate-500">{c.type.toLowerCase()}</span> : null}
                </label>
              </li>
            ))}
          </ul>
        )}
        {errors.campaigns ? <p id="campaigns-error" className="mt-1 text-sm text-red-700">{errors.campaigns}</p> : null}
      </fieldset>
      <fieldset aria-describedby={errors.dataKinds ? "kinds-error" : undefined}>
        <legend className="text-base font-semibold">Data</legend>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {kinds.map((k) => (
            <li key={k.kind}>
              <label className="flex h-full items-start gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="checkbox" name="dataKinds" value={k.kind} defaultChecked={chosenKinds.includes(k.kind)} className="mt-1" />
                <span><span className="block font-medium">{k.label}</span><span className="text-slate-600">{k.description}</span></span>
              </label>
            </li>
          ))}
        </ul>
        {errors.dataKinds ? <p id="kinds-error" className="mt-1 text-sm text-red-700">{errors.dataKinds}</p> : null}
      </fieldset>
      <FormMessage state={state} />
      <Button type="submit" pending={pending} pendingLabel="Saving…">{editing ? "Save changes" : "Continue"}</Button>
    </form>
  );
}
