// Which mode changes are allowed, and the words people see for each mode.
import type { BridgeMode } from "@prisma/client";

export const BRIDGE_MODES = ["legacy", "shadow", "cutover", "api"] as const satisfies readonly BridgeMode[];

/** legacy → shadow → cutover → api; rollback from cutover or api to shadow; shadow may step back to legacy. */
export const TRANSITIONS: Readonly<Record<BridgeMode, readonly BridgeMode[]>> = {
  legacy: ["shadow"],
  shadow: ["cutover", "legacy"],
  cutover: ["api", "shadow"],
  api: ["shadow"],
};

export const MODE_LABELS: Readonly<Record<BridgeMode, string>> = {
  legacy: "Legacy (FTP export only)",
  shadow: "Shadow (FTP export and APIs side by side)",
  cutover: "Cutover (APIs from the watermark)",
  api: "APIs only",
};

/** What the change is called in the UI and the audit log. */
export function changeName(from: BridgeMode, to: BridgeMode): string {
  if (to === "shadow" && (from === "cutover" || from === "api")) return "rollback";
  if (to === "legacy") return "back to legacy";
  return to === "shadow" ? "start shadow" : to === "cutover" ? "cutover" : "finish cutover";
}

/** A shadow day disagrees when more than this share of its calls has a recording from one source but not the other. */
export const DISAGREE_SHARE = 0.05;
/** How many local days before the watermark a cutover compares. */
export const SHADOW_CHECK_DAYS = 7;
/** Default drain period of `api` mode: the FTP import keeps taking late files for before T this long. */
export const DEFAULT_DRAIN_HOURS = 72;
