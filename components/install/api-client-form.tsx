"use client";
import { connectApiClientForDomainAction } from "@/lib/actions/install/connect-api-client-for-domain";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";

/** `domainId`: the install's domain when it has one (re-authorizing); the API client path asks for it, Connect with Five9 does not. */
export function ApiClientForm({ slug, domainId }: { slug: string; domainId: string | null }) {
  const { state, pending, onSubmit, errors } = useFormAction(connectApiClientForDomainAction);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <TextField id="domainId" name="domainId" label="Five9 domain id" inputMode="numeric" autoComplete="off" defaultValue={domainId ?? ""} error={errors.domainId} hint="A number, e.g. 1001 — Admin Console → Domain. The API client must belong to this domain." />
      <TextField id="clientId" name="clientId" label="Client id" autoComplete="off" spellCheck={false} error={errors.clientId} />
      <TextField id="clientSecret" name="clientSecret" label="Client secret" type="password" autoComplete="off" error={errors.clientSecret} hint="Stored encrypted; never shown again." />
      <FormMessage state={state} />
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Checking with Five9…">Connect API client</Button>
    </form>
  );
}
