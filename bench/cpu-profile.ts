// A V8 CPU profile of a stretch of a benchmark (node:inspector), written as a
// .cpuprofile file (open in Chrome DevTools or speedscope).
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

let session: Session | undefined;

export const profiler = {
  async start(): Promise<void> {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  },
  async stop(file: string): Promise<void> {
    if (!session) return;
    const { profile } = await session.post("Profiler.stop");
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    session = undefined;
  },
};
