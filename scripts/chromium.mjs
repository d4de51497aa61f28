// The end-to-end tests drive Debian's Chromium: Playwright's own browser
// download cannot reach its host from here.
//
// Debian's `chromium-headless-shell` first (the same build without the browser's UI layer, what
// Playwright itself runs headless): the journeys' Chromium used 97 s of CPU in the accessibility
// scans as the full browser and 64 s as the shell. The full `chromium` still works where it is the
// one installed, and CHROMIUM_PATH chooses either (a headed run needs the full browser).
import fs from "node:fs";
import { installDebianPackages, log } from "./steps.mjs";

const SHELL = "/usr/bin/chromium-headless-shell";
const BROWSER = "/usr/bin/chromium";

/** The Chromium the journeys launch: CHROMIUM_PATH if set, else the headless shell, else the full browser. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return fs.existsSync(SHELL) || !fs.existsSync(BROWSER) ? SHELL : BROWSER;
}

/** Installs Debian's headless shell when no Chromium is there; returns the path the journeys should use. */
export function ensureChromium() {
  const path = chromiumPath();
  if (fs.existsSync(path)) return path;
  if (process.env.CHROMIUM_PATH || !installDebianPackages(["chromium-headless-shell"], "for the end-to-end tests")) {
    log(`Chromium is missing at ${path}. Install it (sudo apt-get install -y chromium-headless-shell) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  return SHELL;
}
