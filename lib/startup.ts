// Start-up checks of the web process (called from instrumentation.ts).
import { loadEnvOrExit, setProcessEnv } from "./env";

export function checkEnvironmentAtStartup(): void {
  const env = loadEnvOrExit();
  // next-auth v4 reads NEXTAUTH_URL itself; derive it from AUTH_URL.
  setProcessEnv({ NEXTAUTH_URL: env.AUTH_URL });
}
