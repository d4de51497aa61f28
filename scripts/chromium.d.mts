// Types of chromium.mjs, for playwright.config.ts (the project compiles no JavaScript).
export function chromiumPath(): string;
export function ensureChromium(): string;
