// "How long ago", as people say it: just now, 5 min ago, 3 h ago, 2 days ago.
export function timeAgo(when: Date | string | null | undefined, now: number = Date.now()): string {
  if (!when) return "never";
  const minutes = Math.round((now - new Date(when).getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
