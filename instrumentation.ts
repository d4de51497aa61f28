// Runs once when a server instance starts: schedules the periodic sync (and one
// now). Only in the Node.js runtime; the scheduler uses the database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduler } = await import("./lib/jobs/scheduler");
  startScheduler();
}
