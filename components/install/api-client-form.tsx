"use client";
import { connectApiClientAction } from "@/lib/actions/install/connect-api-client";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";

export function ApiClientForm({ slug }: { slug: string }) {
  const { state, pending, onSubmit, errors } = useFormAction(connectApiClientAction);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <TextField id="clientId" name="clientId" label="Client id" autoComplete="off" spellCheck={false} error={errors.clientId} />
      <TextField id="clientSecret" name="clientSecret" label="Client secret" type="password" autoComplete="off" error={errors.clientSecret} hint="Stored encrypted; never shown again." />
      <FormMessage state={state} />
      <Button type="submit" variant="secondary" pending={pending} pendingLabel="Checking with Five9…">Connect API client</Button>
    </form>
  );
}
