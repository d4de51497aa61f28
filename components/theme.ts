/** The reader's theme: the system's, or one they chose (kept in a cookie, read by the root layout). */
export type Theme = "system" | "light" | "dark";
export const THEME_COOKIE = "frugal-theme";
