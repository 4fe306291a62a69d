// `npm run voicestream:conformance -- --target host:port --token … --subscription … --domain …`:
// plays Five9 against any VoiceStream receiver and prints a pass/fail table
// (JUnit XML with --junit). Exit code 0 = every case passed (or was skipped),
// 1 = a case failed, 2 = bad options. See conformance/voicestream/README.md.
import { writeFileSync } from "node:fs";
import { CASES } from "../conformance/voicestream/catalog";
import { parseCommandLine, resolveOptions, USAGE } from "../conformance/voicestream/options";
import { formatDetails, formatRow, formatTable, toJUnit } from "../conformance/voicestream/report";
import { runSuite, selectCases } from "../conformance/voicestream/runner";

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.list) {
    for (const c of CASES) console.log(`${c.id}\n  ${c.title}\n  expects: ${c.expectation}\n`);
    return 0;
  }
  let options: ReturnType<typeof resolveOptions>;
  try {
    options = resolveOptions(parsed.input);
    selectCases(options.only);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  const width = Math.max(...selectCases(options.only).map((c) => c.id.length));
  console.log(`VoiceStream conformance against ${options.target}${options.quick ? " (quick)" : ""}`);
  const results = await runSuite(options, (r) => console.log(formatRow(r, width)));
  console.log(`\n${formatTable(results)}\n\n${formatDetails(results)}`);
  if (options.junit) {
    writeFileSync(options.junit, toJUnit(results, options.target));
    console.log(`\nJUnit XML written to ${options.junit}`);
  }
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
