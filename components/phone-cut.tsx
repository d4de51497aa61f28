"use client";

// A server-rendered table of cards that is too long for a phone: its rows past the first few
// carry the class past-phone-limit (hidden below 600 px, app/globals.css) and this wrapper adds
// the button that shows them, as DataTable's phoneLimit does for the tables it draws itself.
import { useState, type ReactNode } from "react";

export function PhoneCut({ rows, children }: { rows: number; children: ReactNode }) {
  const [all, setAll] = useState(false);
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
