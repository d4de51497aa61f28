import Database from "better-sqlite3";

/**
 * Write-ahead logging lets the dashboard read while the worker writes, and the worker
 * write while pages read; in SQLite's default rollback-journal mode each waits for the
 * other. The mode is stored in the database file: this sets it once (a file made before
 * it was set, by an older Frugal or by hand, is set on the next start) and otherwise
 * only reads it, so it takes no lock beside a running instance. A file it cannot switch
 * (another process holds it) keeps working as it is, and the log says so.
 */
export function enableWal(file: string, log: Pick<Console, "warn"> = console): void {
  const sqlite = new Database(file);
  try {
    const mode = sqlite.pragma("journal_mode", { simple: true });
    if (mode === "wal") return;
    try {
      sqlite.pragma("journal_mode = WAL");
    } catch (error) {
      log.warn(`[frugal] ${file} stays in ${String(mode)} journal mode for now (${error instanceof Error ? error.message : String(error)}): pages wait while the jobs write, and the jobs while pages read`);
    }
  } finally {
    sqlite.close();
  }
}
