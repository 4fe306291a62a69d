// Shared by the SSE stream (server) and the live view (browser): no server imports here.

/** A leg's state: the rows', refined by a fresh notice while the leg is open (hold and pause show at once; audio before its first progress save). */
export function liveLegState(fromRows: string, fromNotice: string | undefined): string {
  if (!fromNotice || (fromRows !== "streaming" && fromRows !== "waiting")) return fromRows;
  return ["streaming", "hold", "paused"].includes(fromNotice) ? fromNotice : fromRows;
}

