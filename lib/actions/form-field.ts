// Reads one text field of a submitted form; a missing or file field is undefined
// so the lib function's zod schema reports it in the user's words.
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}
