// The one reading of a VoiceStream subscription's state, from what Loris has
// seen of its traffic (see voicestream-contact.ts). The live-audio step, the
// overview and the health check all say what this says.
import type { VoiceStreamSubscription } from "@prisma/client";
import { timeAgo } from "../time-ago";

/** Authenticated traffic newer than this counts as "receiving"; older is "quiet". */
export const RECENT_CONTACT_MS = 24 * 3_600_000;

export type VoiceStreamStateKind =
  /** Nothing generated yet, or deactivated (uninstall). */
  | "none"
  | "deactivated"
  /** Details generated; Five9 has not called the event URL. */
  | "waiting"
  /** Five9 checked the event URL, but no event or stream with the trust token has arrived. */
  | "checked"
  /** The latest contact carried a wrong trust token (newer than any accepted one). */
  | "rejected"
  /** An event or stream with the current trust token arrived recently. */
  | "receiving"
  /** Authenticated once, but nothing for a while. */
  | "quiet";

export interface VoiceStreamState {
  kind: VoiceStreamStateKind;
  /** Only "receiving" and "quiet" mean Five9 really sends with the right token. */
  proven: boolean;
  summary: string;
  /** What to check or do; null when nothing is needed. */
  hint: string | null;
}

const PASTE_AGAIN = "The trust token entered in Five9 does not match: paste the trust token shown here into the subscription in Five9's Admin Console again (or generate a new one), and save.";

export function voiceStreamState(sub: VoiceStreamSubscription | null, now: Date = new Date()): VoiceStreamState {
  if (!sub) return { kind: "none", proven: false, summary: "No VoiceStream subscription is set up.", hint: "Open the Live audio step and generate the subscription details." };
  if (sub.disabledAt) return { kind: "deactivated", proven: false, summary: "The VoiceStream subscription was deactivated; Loris refuses its traffic.", hint: "Remove the subscription in Five9's Admin Console (VoiceStream → Subscriptions)." };
  const authenticated = sub.lastAuthenticatedAt;
  if (sub.lastRejectedAt && (!authenticated || sub.lastRejectedAt > authenticated)) {
    return { kind: "rejected", proven: false, summary: `Five9 sent live-audio traffic ${timeAgo(sub.lastRejectedAt, now.getTime())} that Loris refused: ${sub.lastRejectReason ?? "trust token does not match"}.`, hint: PASTE_AGAIN };
  }
  if (authenticated) {
    const recent = now.getTime() - authenticated.getTime() <= RECENT_CONTACT_MS;
    return recent
      ? { kind: "receiving", proven: true, summary: `Receiving: the last call event or stream with the trust token arrived ${timeAgo(authenticated, now.getTime())}.`, hint: null }
      : { kind: "quiet", proven: true, summary: `No live call for a while: the last one with the trust token arrived ${timeAgo(authenticated, now.getTime())}.`, hint: "Nothing to do if no calls were made in the chosen campaigns; otherwise check the subscription in Five9's Admin Console." };
  }
  if (sub.validatedAt) {
    return {
      kind: "checked",
      proven: false,
      summary: `Five9 checked Loris's event URL ${timeAgo(sub.validatedAt, now.getTime())}; waiting for the first call event with the trust token.`,
      hint: `That check does not tell Loris whether Five9 has the right token. If Five9's Admin Console shows the subscription as failed ("digest does not match"), ${PASTE_AGAIN.charAt(0).toLowerCase()}${PASTE_AGAIN.slice(1)} Otherwise this turns green with the next call in a chosen campaign.`,
    };
  }
  return { kind: "waiting", proven: false, summary: "Waiting for Five9: no call to Loris's event URL yet.", hint: "Create the subscription in Five9's Admin Console with the gRPC endpoint, event URL and trust token shown in the Live audio step." };
}
