// What the Calls list says about its filters and its recording states: in
// the user's words, never the validator's, and the same words as the README.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCalls } from "@/app/api/tenants/[slug]/calls/route";
import { CALL_FILTER_LABELS, parseCallFilters } from "./calls";
import { MEDIA_STATE_LABELS } from "./media-state-labels";
import { zodMessage } from "../zod-error";
import { createTenant, createUser } from "../../test/support/fixtures";
import { requestAs } from "../../test/support/sessions";

const said = (params: Record<string, string>) => {
  const parsed = parseCallFilters(params);
  if (parsed.success) throw new Error("expected the filters to be refused");
  return zodMessage(parsed.error, { labels: CALL_FILTER_LABELS, root: "" });
};

describe("call filters in the user's words", () => {
  it("names the field as the form does and says what to choose", () => {
    expect(said({ recording: "maybe" })).toBe("Recording: choose “Has recording” or “No recording”");
    expect(said({ transcript: "1", from: "yesterday" })).toBe("From: use a date such as 2026-11-01; Transcript: choose “Has transcript” or “No transcript”");
    expect(said({ take: "0" })).toBe("Page size: must be at least 1");
    expect(said({ after: "garbage" })).toBe("Page link: is not a valid page link");
    for (const message of [said({ recording: "maybe" }), said({ take: "x" })]) expect(message).not.toMatch(/Invalid|expected|received/);
  });

  it("says an unknown filter instead of ignoring it", () => {
    expect(said({ colour: "red" })).toBe("“colour” is not a filter of the call list");
    expect(said({ colour: "red", size: "xl" })).toBe("“colour”, “size” are not filters of the call list");
  });

  it("answers the API with the same words, as a 400", async () => {
    const tenant = await createTenant("words-co");
    const user = await createUser({ tenantIds: [tenant.id] });
    const res = await getCalls(await requestAs(user.id, "http://x/api/tenants/words-co/calls?recording=maybe&colour=red"), { params: Promise.resolve({ slug: "words-co" }) });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toBe("Invalid filter: Recording: choose “Has recording” or “No recording”; “colour” is not a filter of the call list");
  });
});

describe("recording states match the README", () => {
  let readme: string;
  beforeAll(() => { readme = readFileSync("README.md", "utf8").replace(/\s+/g, " "); });

  it("lists every state the Calls list shows, by the same name", () => {
    const sentence = readme.match(/each recording and transcript is marked ([^;]+);/)?.[1];
    expect(sentence).toBeDefined();
    for (const { label } of Object.values(MEDIA_STATE_LABELS)) expect(sentence!.toLowerCase()).toContain(label.toLowerCase());
  });
});
