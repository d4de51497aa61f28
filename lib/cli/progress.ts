import { SingleBar, Presets } from "cli-progress";
import type { SyncProgress } from "../jobs/sync";

/** A progress bar on a terminal; one line per step elsewhere (CI logs). */
export function syncProgressReporter(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) {
    let lastLabel = "";
    return {
      update(p: SyncProgress) {
        const label = p.step === "writing" && /^\d{4}-/.test(p.label) ? "days" : p.label;
        if (label !== lastLabel) stream.write(`sync: ${p.step} ${label}\n`);
        lastLabel = label;
      },
      stop() {},
    };
  }
  const bar = new SingleBar({ format: "sync [{bar}] {percentage}% | {step} {label}", stream, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update(p: SyncProgress) {
      if (!started) bar.start(p.total, 0, { step: p.step, label: p.label });
      started = true;
      bar.update(p.done, { step: p.step, label: p.label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
