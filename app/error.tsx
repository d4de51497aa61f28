"use client";

import { ErrorState } from "@/components/ui";

/** Shown when a page fails to load; the message is generic on purpose (details go to the server log). */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState title="This page could not be loaded">
      <p>Something went wrong while reading the data. Trying again often helps; if it keeps failing, check the server log{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </ErrorState>
  );
}
