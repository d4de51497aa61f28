// The dashed "anomaly" lines on the application's and a service's daily cost charts.
import type { AnomalyView } from "@/lib/data/anomalies";
import { inRange, type Day, type DayRange } from "@/lib/domain/day";
import { formatDay } from "../format";

/**
 * A line on the day each anomaly in the charted range opened, withdrawn ones left out. A shift is
 * flagged days after it began, so its label gives the day it began too: the anomaly's card says
 * "since" that day, and the chart should not seem to disagree. `named` puts the service (or
 * application) first, for a chart of several.
 */
export function anomalyMarkers(anomalies: AnomalyView[], range: DayRange, named: boolean): { day: Day; label: string }[] {
  return anomalies
    .filter((a) => a.state !== "withdrawn" && inRange(a.openedDay, range))
    .map((a) => {
      const what = a.kind === "spike" ? "jumped" : a.startDay < a.openedDay ? `shifted up, since ${formatDay(a.startDay)}` : "shifted up";
      return { day: a.openedDay, label: `${named ? `${a.subject} ` : ""}${a.figureLabel} ${what}` };
    });
}
