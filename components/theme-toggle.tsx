"use client";

import { useState } from "react";
import { THEME_COOKIE, type Theme } from "./theme";


const NEXT: Record<Theme, Theme> = { system: "dark", dark: "light", light: "system" };
const LABEL: Record<Theme, string> = { system: "Theme: as the system", dark: "Theme: dark", light: "Theme: light" };
const ICON: Record<Theme, string> = { system: "◐", dark: "☾", light: "☀" };

/**
 * Light, dark, or the system's choice: kept in a cookie so that the server renders
 * the page in it (no flash of the other theme), and applied at once here.
 */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = (next: Theme) => {
    setTheme(next);
    if (next === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = next;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  };
  return (
    <button type="button" className="theme-toggle" onClick={() => choose(NEXT[theme])} aria-label={`${LABEL[theme]}; switch to ${NEXT[theme]}`} title={`${LABEL[theme]} (click for ${NEXT[theme]})`}>
      <span aria-hidden="true">{ICON[theme]}</span>
    </button>
  );
}
