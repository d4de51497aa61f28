"use client";

import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";

/**
 * The header's navigation and account, behind a "Menu" button on narrow screens
 * (on wide ones the button is hidden and the items sit in the bar). Closes on
 * navigation and on Escape.
 */
export function TopbarMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page it was opened on: navigating elsewhere closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean | ((was: boolean) => boolean)) => setOpenOn((typeof next === "function" ? next(open) : next) ? pathname : null);
  return (
    <>
      <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="topbar-menu" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? "✕" : "☰"}</span> Menu
      </button>
      <div id="topbar-menu" className="topbar-menu" data-open={open} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
        {children}
      </div>
    </>
  );
}
