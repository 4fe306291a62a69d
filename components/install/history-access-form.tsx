"use client";
// Step c: the Five9 user for history, and optionally the V1 FTP/SFTP export.
// Both are tried against Five9 when saved; passwords are never sent back to
// the browser, so they are entered again when changing anything.
import { useState } from "react";
import { saveHistoryAccessAction } from "@/lib/actions/install/save-history-access";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useFormAction } from "@/components/ui/use-form-action";
import { formatTime } from "@/lib/format-time";

interface Legacy { protocol: string; host: string; port: number; username: string; folder: string }

export function HistoryAccessForm({ slug, saved, legacy }: { slug: string; saved: { username: string; verifiedAt: string | null } | null; legacy: Legacy | null }) {
  const { state, pending, onSubmit, errors } = useFormAction(saveHistoryAccessAction);
  const [legacyEnabled, setLegacyEnabled] = useState(Boolean(legacy));
  return (
    <form onSubmit={onSubmit} className="max-w-2xl space-y-6" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">Five9 user</legend>
        {saved ? <p className="text-sm text-slate-600">Saved: <strong>{saved.username}</strong>{saved.verifiedAt ? `, checked ${formatTime(saved.verifiedAt)}` : ""}. Enter the password again to change anything.</p> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField id="supervisorUsername" name="supervisorUsername" label="Username" autoComplete="off" defaultValue={saved?.username} error={errors.supervisorUsername} />
          <TextField id="supervisorPassword" name="supervisorPassword" label="Password" type="password" autoComplete="new-password" error={errors.supervisorPassword} />
        </div>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-base font-semibold">FTP export (V1)</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="legacyEnabled" checked={legacyEnabled} onChange={(e) => setLegacyEnabled(e.target.checked)} />
          We receive Five9&apos;s recordings/call log export by FTP or SFTP today
        </label>
        {legacyEnabled ? (
          <div className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2">
            <Field id="legacy-protocol" label="Protocol" error={errors["legacy.protocol"]}>
              <select id="legacy-protocol" name="legacy.protocol" defaultValue={legacy?.protocol ?? "sftp"} className={inputClass}>
                <option value="sftp">SFTP</option>
                <option value="ftp">FTP</option>
              </select>
            </Field>
            <TextField id="legacy-host" name="legacy.host" label="Host" placeholder="ftp.example.com" defaultValue={legacy?.host} error={errors["legacy.host"]} />
            <TextField id="legacy-port" name="legacy.port" label="Port" inputMode="numeric" defaultValue={legacy?.port ?? 22} error={errors["legacy.port"]} />
            <TextField id="legacy-folder" name="legacy.folder" label="Folder" defaultValue={legacy?.folder ?? "/"} error={errors["legacy.folder"]} />
            <TextField id="legacy-username" name="legacy.username" label="FTP username" autoComplete="off" defaultValue={legacy?.username} error={errors["legacy.username"]} />
            <TextField id="legacy-password" name="legacy.password" label="FTP password" type="password" autoComplete="new-password" error={errors["legacy.password"]} />
          </div>
        ) : null}
      </fieldset>
      <FormMessage state={state} />
      <Button type="submit" pending={pending} pendingLabel="Signing in to Five9…">Check and continue</Button>
    </form>
  );
}
