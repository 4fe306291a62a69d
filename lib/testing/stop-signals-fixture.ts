// A process that needs a moment to stop (like the demo stopping its children);
// used by stop-signals.test.ts.
import { stopOnSignals } from "../stop-signals";

stopOnSignals(async () => {
  console.log("stopping");
  await new Promise((resolve) => setTimeout(resolve, 400));
  console.log("stopped");
  process.exit(0);
});
console.log("ready");
setInterval(() => undefined, 1_000);
