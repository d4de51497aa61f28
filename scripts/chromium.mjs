// The end-to-end tests drive Debian's Chromium: Playwright's own browser
// download cannot reach its host from here.
import fs from "node:fs";
import { installDebianPackages, log } from "./steps.mjs";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  if (!installDebianPackages(["chromium"], "for the end-to-end tests")) {
    log(`Chromium is missing at ${CHROMIUM_PATH}. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
