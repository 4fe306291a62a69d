"use client";

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui", padding: "4rem", textAlign: "center" }}>
        <h1>Something went wrong</h1>
        <p>Loris for Five9 could not load. Please try again.</p>
        <button type="button" onClick={reset}>Try again</button>
      </body>
    </html>
  );
}
