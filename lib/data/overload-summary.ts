import type { Db } from "../db/client";

export interface OverloadSummary {
  state: "ok" | "warning" | "overloaded" | "unknown";
  summary: string;
}

/** The overload state of the services a switch touches, for the confirmation and the audit log. */
export async function overloadSummary(_db: Db, _applicationId: number, _services: string[]): Promise<OverloadSummary> {
  return { state: "unknown", summary: "Overload signals are not collected yet." };
}
