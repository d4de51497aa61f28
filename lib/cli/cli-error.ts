/** An error the CLI prints as it is, without a stack trace, and exits 1. */
export class CliError extends Error {
  override name = "CliError";
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
