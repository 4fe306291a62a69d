// Child processes for the demo and the browser tests: start, wait until
// ready, stop cleanly (SIGTERM, then SIGKILL after a grace period).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { childProcessEnv } from "../lib/env";

export interface Child {
  name: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startChild(name: string, command: string, args: string[], options: { env?: Record<string, string | undefined>; quiet?: boolean; onLine?: (line: string) => void } = {}): Child {
  const child = spawn(command, args, { env: childProcessEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
  const forward = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let buffer = "";
    stream?.on("data", (chunk) => {
      buffer += String(chunk);
      let index;
      while ((index = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 1);
        options.onLine?.(line);
        if (!options.quiet) out.write(`[${name}] ${line}\n`);
      }
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  return {
    name,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Polls a URL until it answers 2xx, the child exits, or the timeout passes. */
/** A TypeScript entry point as a child: node with the tsx loader, not the tsx CLI (which SIGKILLs a child slow to acknowledge a signal). */
export function startTsChild(name: string, script: string, options: Parameters<typeof startChild>[3] = {}): Child {
  return startChild(name, process.execPath, ["--import", "tsx", script], options);
}

export async function waitForHttp(url: string, child?: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.process.exitCode !== null) throw new Error(`${child.name} exited with code ${child.process.exitCode} before it was ready`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const SOURCE_DIRS = ["app", "components", "lib"];
const SOURCE_FILES = ["next.config.mjs", "package.json", "postcss.config.mjs", "instrumentation.ts"];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, entry) => Math.max(max, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/** True when there is no production build, or a source file is newer than it. */
export function buildIsStale(): boolean {
  const buildId = ".next/BUILD_ID";
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return [...SOURCE_DIRS, ...SOURCE_FILES].some((p) => newestMtime(p) > built);
}

export function runToCompletion(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: childProcessEnv(env), stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(1));
  });
}
