// GET a JSON resource of our own API from the browser; an error answer
// becomes an Error carrying the server's message, for react-query to show.
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `The server answered ${response.status}.`);
  }
  return body as T;
}
