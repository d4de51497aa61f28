import { env } from "../env";
import { DemoSource } from "./demo/demo-source";
import type { Source } from "./types";

export class SourceNotAvailableError extends Error {
  override name = "SourceNotAvailableError";
}

/** The source the environment asks for. The AWS adapter is not built yet. */
export function createSource(now: () => Date = () => new Date()): Source {
  switch (env.FRUGAL_SOURCE) {
    case "demo":
      return new DemoSource({ seed: env.FRUGAL_DEMO_SEED, now });
    case "aws":
      throw new SourceNotAvailableError("FRUGAL_SOURCE=aws: the AWS source is not available yet; use FRUGAL_SOURCE=demo.");
  }
}
