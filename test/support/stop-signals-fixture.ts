// A process that needs a moment to stop (like the demo stopping its children)
// and whose event loop is busy (like the demo's simulator rendering audio);
// used by stop-signals.test.ts.
import { stopOnSignals } from "../../lib/stop-signals";

stopOnSignals(async () => {
  console.log("stopping");
  await new Promise((resolve) => setTimeout(resolve, 400));
  console.log("stopped");
  process.exit(0);
});
console.log("ready");
// Busy for 200 ms at a time, with a breath in between.
const busy = () => {
  const until = Date.now() + 200;
  while (Date.now() < until);
  setTimeout(busy, 5);
};
busy();
