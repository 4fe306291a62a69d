// Runs once when the Next.js server starts: a malformed environment stops it
// here with a precise message instead of failing on the first request.
export async function register() {
  const { isNextNodeRuntime, loadEnvOrExit, setProcessEnv } = await import("./lib/env");
  if (!isNextNodeRuntime()) return;
  const env = loadEnvOrExit();
  // next-auth v4 reads NEXTAUTH_URL itself; derive it from AUTH_URL.
  setProcessEnv({ NEXTAUTH_URL: env.AUTH_URL });
}
