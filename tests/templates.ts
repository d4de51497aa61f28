// Where the seeded templates of tests/global-setup.ts are, for the suites that copy them.
// A module of its own, so that a suite reading these names does not load what seeds the
// templates (the demo account, its users, better-auth): about a second per file.
import fs from "node:fs";
import path from "node:path";

const postgres = process.env.FRUGAL_TEST_DIALECT === "postgres";
export const SQLITE_TEMPLATE = path.resolve(".frugal/test-template.db");
export const sqliteSeeded = (days: number) => path.resolve(`.frugal/test-seeded-${days}d.db`);
export const TEMPLATE_DB = postgres ? "frugal_template" : SQLITE_TEMPLATE;
/** The days of demo history the suites' contexts sync (createAppContext's `days`). */
export const SEEDED_DAYS = [1, 3, 8, 10, 40] as const;
export const seededTemplate = (days: number) => (postgres ? `frugal_template_${days}d` : sqliteSeeded(days));
export const seededTemplateExists = (days: number) => postgres || fs.existsSync(seededTemplate(days));
/**
 * The demo people's session cookies, signed in once into the templates (their sessions are
 * copied with them): four password hashes checked per run, not per suite.
 */
export const sessionsFile = (dialect: "sqlite" | "postgres") => path.resolve(`.frugal/test-sessions-${dialect}.json`);
