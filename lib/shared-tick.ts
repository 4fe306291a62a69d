// One interval timer for many members (legs, append handles, notifiers): a
// timer per member is 1,000 wake-ups at 1,000 legs. `sharedTick(ms, onTick)`
// returns `ensure()`, called whenever a member is added; the timer runs (unref'd)
// while `onTick` returns true, i.e. while some member still needs it.
export function sharedTick(ms: number, onTick: () => boolean): () => void {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (onTick()) return;
    clearInterval(timer);
    timer = undefined;
  };
  return () => {
    if (timer) return;
    timer = setInterval(run, ms);
    timer.unref();
  };
}
