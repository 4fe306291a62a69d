// Stops a process cleanly on SIGINT/SIGTERM. The first signal runs `stop`;
// later ones are ignored while it runs. (A Ctrl-C reaches the whole process
// group and tsx relays it again, so a process often gets two: with a one-time
// handler the second would kill it half-way, leaving its children running.)
export function stopOnSignals(stop: () => Promise<unknown> | void): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
