import Database from "better-sqlite3";

/**
 * Write-ahead logging lets the dashboard read while a sync writes from another
 * process. The mode is stored in the database file, so setting it once is enough.
 */
export function enableWal(file: string): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}
