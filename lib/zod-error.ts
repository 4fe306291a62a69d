// The one way a zod failure becomes words. Three shapes: a line for logs, job
// failures and API answers (`zodMessage`), field → message for forms
// (`zodFields`), and an error map (`inPlainWords`) that user-facing parses
// pass so that a schema without its own message still says something a person
// understands ("must be one of: yes, no") instead of the validator's default
// (`Invalid option: expected one of "yes"|"no"`). A message written on the
// schema itself always wins over the map (zod 4 precedence).
import { z } from "zod";

type Issue = z.core.$ZodIssue;

/** Where in the input an issue is, as z.prettifyError writes it (`legacy.host`, `items[0]`); `root` for the whole input. */
export function issuePath(issue: Pick<Issue, "path">, root: string): string {
  return issue.path.length ? z.core.toDotPath(issue.path) : root;
}

/**
 * One line: `from: must be a date; to: is required`, at most `limit` issues
 * (the rest counted). `labels` names fields as the person sees them
 * ("Recording" for `recording`); with `root: ""` an issue about the whole
 * input is its message alone.
 */
export function zodMessage(error: z.ZodError, options: { root?: string; limit?: number; labels?: Record<string, string> } = {}): string {
  const { root = "input", limit = Infinity, labels = {} } = options;
  const where = (issue: Issue) => { const at = issuePath(issue, root); return labels[at] ?? at; };
  const shown = error.issues.slice(0, limit).map((issue) => (where(issue) ? `${where(issue)}: ${issue.message}` : issue.message));
  const more = error.issues.length - shown.length;
  return more > 0 ? `${shown.join("; ")} (and ${more} more)` : shown.join("; ");
}

/** Field name → its first message, for a form to show beside each field; issues about the whole input go under `root`. */
export function zodFields(error: z.ZodError, root = "form"): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issuePath(issue, root)] ??= issue.message;
  return fields;
}

const quoteList = (values: readonly unknown[]) => values.map((v) => String(v)).join(", ");

/** Error map for input a person typed or clicked (forms, URL filters). Pass as `schema.safeParse(input, { error: inPlainWords })`. */
export const inPlainWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return issue.expected === "number" || issue.expected === "int" ? "must be a number" : issue.expected === "date" ? "must be a date" : `must be ${issue.expected === "string" ? "text" : `a ${issue.expected}`}`;
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${quoteList(issue.values)}` : `must be one of: ${quoteList(issue.values)}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `must be at least ${issue.minimum} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `choose at least ${issue.minimum}`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `choose at most ${issue.maximum}`;
      return `must be at most ${issue.maximum}`;
    case "invalid_format":
      return issue.format === "email" ? "must be an email address" : issue.format === "url" ? "must be a web address" : issue.format === "datetime" || issue.format === "date" ? "must be a date" : "is not in the expected format";
    case "unrecognized_keys":
      return `is not known: ${quoteList(issue.keys)}`;
    default:
      return undefined; // zod's own message
  }
};
