// Which service and cell the overload page's latency chart shows first.
import { STATE_SEVERITY, type SignalState } from "./signals";

export interface ServiceCell {
  service: string;
  cell: string;
}

/**
 * The series asked for (in the URL); else the worst one judged not normal; else, where nothing is
 * judged (the metrics stopped, so every status is gone or normal), the newest open incident's (the
 * incidents are newest first); else the first judged, else the first series. Undefined only when
 * there is no series at all.
 */
export function focusSeries<S extends ServiceCell>(
  series: readonly S[],
  asked: ServiceCell,
  statuses: readonly (ServiceCell & { state: SignalState | "recovering" })[],
  incidents: readonly (ServiceCell & { state: "overloaded" | "recovering" | "resolved" })[],
): S | undefined {
  const find = (wanted: ServiceCell | undefined) => wanted && series.find((s) => s.service === wanted.service && s.cell === wanted.cell);
  const worst = [...statuses].sort((a, b) => STATE_SEVERITY[b.state] - STATE_SEVERITY[a.state])[0];
  return find(asked) ?? (worst && worst.state !== "ok" ? find(worst) : undefined) ?? find(incidents.find((i) => i.state !== "resolved")) ?? find(worst) ?? series[0];
}
