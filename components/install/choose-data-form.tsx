"use client";
import { useState } from "react";
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
  /** Calls already stored per campaign (editing after install): what unticking one leaves behind. */
  storedByCampaign?: Record<string, number>;
}

export function ChooseDataForm({ slug, editing, campaigns, chosen, kinds, chosenKinds, storedByCampaign = {} }: Props) {
  const { state, pending, onSubmit, errors } = useFormAction(chooseDataAction);
  const listed = campaigns.map((c) => c.name);
  // The earlier choice (or every campaign when none is recorded), among the campaigns Five9 lists now.
  const initially = chosen.length === 0 ? listed : chosen.filter((name) => listed.includes(name));
  const [ticked, setTicked] = useState<string[]>(initially);
  const toggle = (name: string, on: boolean) => setTicked((now) => (on ? [...now, name] : now.filter((n) => n !== name)));
  // Campaigns unticked now that Loris already holds calls of (only when editing a finished install).
  const unticked = editing ? initially.filter((name) => !ticked.includes(name)) : [];
  const leftBehind = unticked.reduce((n, name) => n + (storedByCampaign[name] ?? 0), 0);
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
                  <input type="checkbox" name="campaigns" value={c.name} checked={ticked.includes(c.name)} onChange={(e) => toggle(c.name, e.currentTarget.checked)} />
                  <span className="font-medium">{c.name}</span>
                  {c.type ? <span className="ml-auto text-xs text-slate-500">{c.type.toLowerCase()}</span> : null}
                </label>
              </li>
            ))}
          </ul>
        )}
        {errors.campaigns ? <p id="campaigns-error" className="mt-1 text-sm text-red-700">{errors.campaigns}</p> : null}
        {editing ? (
          <p className="mt-2 text-sm text-slate-600">
            A change applies from now on: calls of a campaign you tick are stored from the next sync (start a backfill on the Ingestion page for its earlier calls); calls of a campaign you untick are no longer stored, nor are their recordings and transcripts.
          </p>
        ) : null}
      </fieldset>
      {leftBehind > 0 ? (
        <fieldset aria-describedby={errors.storedCalls ? "stored-calls-error" : undefined} className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm">
          <legend className="px-1 font-semibold">Calls already stored from {unticked.join(", ")}</legend>
          <p className="text-slate-700">Loris holds {leftBehind} {leftBehind === 1 ? "call" : "calls"} of {unticked.length === 1 ? "this campaign" : "these campaigns"}. What should happen to them?</p>
          <label className="mt-2 flex items-center gap-2"><input type="radio" name="storedCalls" value="keep" defaultChecked /> Keep them (with their recordings and transcripts)</label>
          <label className="mt-1 flex items-center gap-2"><input type="radio" name="storedCalls" value="delete" /> Delete them, with their recordings and transcripts (runs in the background; recorded in the audit log)</label>
          {errors.storedCalls ? <p id="stored-calls-error" className="mt-1 text-red-700">{errors.storedCalls}</p> : null}
        </fieldset>
      ) : null}
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
