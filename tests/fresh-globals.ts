// Run before each suite of the projects whose suites share a worker (vitest.config.ts,
// isolate: false): what the app keeps on globalThis for the life of a process is cleared,
// so that each suite starts as it would in a worker of its own. Left alone: the schema
// engine's wasm glue (lib/db/migrate.ts), which may be set up only once per worker.
const PER_SUITE = ["__frugalDb", "__frugalAuth", "__frugalMetricWriter", "__frugalOfrep", "__frugalSwitchEvents", "__frugalMailer"];

const globals = globalThis as Record<string, unknown>;
for (const key of PER_SUITE) delete globals[key];
