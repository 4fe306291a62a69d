// The gaps Json of StreamSession, as the receiver writes it ({fromMs, toMs,
// reason}, on the leg's timeline: ms from the leg's first audio) and as gap
// repair extends it: `repaired`, `repairedFrom: "recording"`, `repairedMs`
// (how much of the gap the recording filled), and two reasons only repair
// can know, because only the recording says when the call began and ended:
// `missed_start` (fromMs < 0: the call began before the leg's first audio)
// and `missed_end` (the leg stopped before the call did: a cut that never
// came back).
import { z } from "zod";

export const EDGE_REASONS = ["missed_start", "missed_end"] as const;

export const storedGapSchema = z.looseObject({
  fromMs: z.number(),
  toMs: z.number(),
  reason: z.string(),
  repaired: z.boolean().optional(),
  repairedFrom: z.literal("recording").optional(),
  repairedMs: z.number().optional(),
});
export type StoredGap = z.infer<typeof storedGapSchema>;

/** A segment's gaps; anything unreadable is dropped (and logged by the caller), never thrown. */
export function parseGaps(json: unknown): StoredGap[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((g) => {
    const parsed = storedGapSchema.safeParse(g);
    return parsed.success && parsed.data.toMs > parsed.data.fromMs ? [parsed.data] : [];
  });
}

export const isEdgeGap = (g: StoredGap) => (EDGE_REASONS as readonly string[]).includes(g.reason);

export const gapLength = (g: StoredGap) => Math.max(0, g.toMs - g.fromMs);

/** What a person reads for a gap's state. */
export function gapRepairLabel(g: StoredGap): string {
  if (g.repaired) return "repaired from recording";
  if (g.repairedMs && g.repairedMs > 0) return `partly repaired from recording (${(g.repairedMs / 1000).toFixed(1)} s of ${(gapLength(g) / 1000).toFixed(1)} s)`;
  return "not repaired";
}
