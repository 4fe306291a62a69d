// Why Loris asks for each Five9 scope, as the listing tells the admin. Every
// scope here is required (the install refuses a grant without it), so none is
// worded as if it were optional.
import type { REQUIRED_SCOPES } from "./endpoints";

export const SCOPE_REASONS: Record<(typeof REQUIRED_SCOPES)[number], string> = {
  "domains:read": "to confirm which Five9 domain you connected, and its time zone",
  "campaigns:read": "so you can choose which campaigns Loris receives",
  "calllog:read": "to know every call that happened, so nothing is missed or counted twice",
  "recordings:read": "to analyse what was said, and to repair gaps in live audio",
  "transcripts:read": "to store Five9's transcript of each call beside its recording",
};
