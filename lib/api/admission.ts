// A bound on work in flight: past it, a request is turned away at once with
// 503 and Retry-After instead of queueing, so that a flood of imports cannot
// make every other request wait (or time out) behind it.
import { BusyError } from "../errors";

export class Admission {
  #inFlight = 0;

  constructor(
    readonly name: string,
    readonly limit: number,
    readonly retryAfterSeconds = 2,
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Runs fn if there is room; otherwise throws BusyError without running it. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.limit) {
      throw new BusyError(`The server is busy with other ${this.name}; try again in ${this.retryAfterSeconds} s.`, this.retryAfterSeconds);
    }
    this.#inFlight++;
    try {
      return await fn();
    } finally {
      this.#inFlight--;
    }
  }
}

/** Business-metric ingestion (API pushes and CSV imports): a couple at a time per process. */
export const ingestion = new Admission("imports of business-metric points", 2);
