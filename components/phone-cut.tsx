"use client";

// A server-rendered table of cards that may be too long for a phone: its rows past the first
// `limit` carry the class past-phone-limit (hidden below 600 px until the wrapper has the class
// phone-all, app/globals.css), and this wrapper adds the button that shows them when there are
// more, as DataTable's phoneLimit does for the tables it draws itself.
import { useState, type ReactNode } from "react";

export function PhoneCut({ rows, limit, children }: { rows: number; limit: number; children: ReactNode }) {
  const [all, setAll] = useState(false);
  if (rows <= limit) return children;
  return (
    <div className={all ? "phone-all" : undefined}>
      {children}
      <p className="phone-only">
        <button type="button" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? "Show fewer rows" : `Show all ${rows} rows`}
        </button>
      </p>
    </div>
  );
}
