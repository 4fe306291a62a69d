// How the Calls list names where a recording or transcript stands — the same
// words as the README ("stored, pending, retrying, failed, none, not chosen or from FTP export").
import type { MediaState } from "./calls";

export const MEDIA_STATE_LABELS: Record<MediaState, { label: string; tone: string; title: string }> = {
  stored: { label: "Stored", tone: "text-emerald-700", title: "Stored in Loris" },
  pending: { label: "Pending", tone: "text-amber-700", title: "Loris fetches it from Five9 shortly" },
  retrying: { label: "Retrying", tone: "text-amber-700", title: "Fetching it failed; Loris tries again shortly" },
  failed: { label: "Failed", tone: "text-red-700", title: "Loris gave up; retry it under Dead letters on the Ingestion page" },
  none: { label: "None", tone: "text-slate-500", title: "Five9 has none for this call" },
  from_export: { label: "From FTP export", tone: "text-amber-700", title: "Legacy mode: it comes from the FTP/SFTP export once the file is imported and matched" },
  not_chosen: { label: "Not chosen", tone: "text-slate-500", title: "Not among the data chosen for this workspace" },
};
