// Messages from a child of the front process (server.ts supervises the dashboard and the
// worker) to the front process, which acts on them or passes them to its other child.

/** Sends `message` to the process that started this one, if it still listens; nothing in a process of its own (tests, the CLI). */
export function tellParent(message: { frugal: string; id?: number }): void {
  if (process.send && process.connected) process.send(message);
}
