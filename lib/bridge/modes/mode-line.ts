// The bridge mode in one line, as the overview's Data path and the support overview show it.
import type { BridgeMode } from "@prisma/client";
import { formatTime } from "../../format-time";
import { MODE_LABELS } from "./transitions";

export function bridgeModeLine(tenant: { bridgeMode: BridgeMode; bridgeWatermark: Date | null; bridgeDrainUntil?: Date | null }, hasLegacyExport: boolean): string {
  if (!hasLegacyExport) return "APIs only (no FTP export)";
  const mode = MODE_LABELS[tenant.bridgeMode];
  if (tenant.bridgeMode === "cutover" || tenant.bridgeMode === "api") {
    const drain = tenant.bridgeMode === "api" && tenant.bridgeDrainUntil ? `, FTP drains until ${formatTime(tenant.bridgeDrainUntil)}` : "";
    return `${mode} · watermark ${formatTime(tenant.bridgeWatermark)}${drain}`;
  }
  return mode;
}
