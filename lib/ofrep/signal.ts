// A signal that a switch or a flags token changed, so that the OFREP snapshot on this instance
// refreshes at once instead of at its next tick. On globalThis because Next.js
// bundles its own copy of this module; over IPC because the dashboard runs in a
// child of the front process that answers OFREP (server.ts).
import { EventEmitter } from "node:events";
import { tellParent } from "../ipc";

const g = globalThis as unknown as { __frugalSwitchEvents?: EventEmitter };

function events(): EventEmitter {
  return (g.__frugalSwitchEvents ??= new EventEmitter());
}

export function signalOfrepChange(): void {
  events().emit("changed");
  // In the dashboard process (a child of server.ts), tell the front process too: its snapshot serves OFREP.
  tellParent({ frugal: "ofrep-changed" });
}

export function onOfrepChange(listener: () => void): () => void {
  events().on("changed", listener);
  return () => events().off("changed", listener);
}
