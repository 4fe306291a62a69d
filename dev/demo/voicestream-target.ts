// What a partner needs to point their own Five9-side VoiceStream client at
// the demo's receiver: `$DATA_DIR/voicestream-target.json` =
// {"endpoint","subscriptionId","domainId","trustToken"}. The trust token is a
// secret on the operator's own machine: the file is written mode 0600
// (atomically, so a reader never sees half of it), and nothing else logs it.
import { chmodSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const voiceStreamTargetSchema = z.strictObject({
  endpoint: z.string().regex(/^[^\s:]+:\d+$/, "host:port"),
  subscriptionId: z.string().min(1),
  domainId: z.string().min(1),
  trustToken: z.string().min(16),
});
export type VoiceStreamTarget = z.infer<typeof voiceStreamTargetSchema>;

export const targetFile = (dataDir: string) => path.join(dataDir, "voicestream-target.json");

export function writeVoiceStreamTarget(dataDir: string, target: VoiceStreamTarget): string {
  const file = targetFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(voiceStreamTargetSchema.parse(target), null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask may have narrowed it; never widened
  renameSync(tmp, file);
  return file;
}

export function readVoiceStreamTarget(dataDir: string): VoiceStreamTarget {
  return voiceStreamTargetSchema.parse(JSON.parse(readFileSync(targetFile(dataDir), "utf8")));
}
