import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The env module, and Next's own build-time switch in instrumentation.ts.
    files: ["lib/env.ts", "instrumentation.ts", "prisma.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Code that runs in production never reaches the simulator, test support
    // or demo plumbing (test files beside the code may).
    files: ["app/**", "components/**", "lib/**", "bin/worker.ts", "bin/voicestream.ts", "proto/**", "instrumentation.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [
          { name: "@/lib/auth/session", importNames: ["viewerFromCookies"], message: "Pages resolve the viewer once per request: use currentViewer/pageViewer/pageTenant (lib/auth/page-guard.ts); route handlers use viewerOfRequest or tenantRoute (lib/auth/guard.ts)." },
        ],
        patterns: [
          { group: ["**/sim/**", "@/sim/**"], message: "Production code must not import the Five9 simulator; shared wire types live in proto/." },
          { group: ["**/test/**", "@/test/**"], message: "Production code must not import test support (test/)." },
          { group: ["**/dev/**", "@/dev/**"], message: "Production code must not import demo/dev plumbing (dev/)." },
          { group: ["@/app/**"], message: "Components and lib never import from app/: server actions live in lib/actions/<domain>/<verb-noun>.ts." },
        ],
      }],
    },
  },
  {
    // The conformance suite is a partner tool: it speaks the wire (proto/) and
    // nothing else of the product or the simulator (its own test may use sim/).
    files: ["conformance/**", "bin/voicestream-conformance.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/lib/**", "@/lib/**"], message: "The conformance suite must not import product internals; it only speaks the wire (proto/)." },
          { group: ["**/sim/**", "@/sim/**"], message: "The conformance suite must not import the simulator." },
          { group: ["**/test/**", "@/test/**", "**/dev/**", "@/dev/**", "**/app/**", "**/components/**"], message: "The conformance suite is self-contained: proto/ only." },
        ],
      }],
    },
  },
];

export default config;
