// Runs once when the Next.js server starts: a malformed environment stops it
// here with a precise message instead of failing on the first request.
export async function register() {
  // NEXT_RUNTIME is a build-time switch Next.js replaces in each bundle (not
  // configuration), so the Node-only start-up code never reaches the edge bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvironmentAtStartup } = await import("./lib/startup");
    checkEnvironmentAtStartup();
  }
}
