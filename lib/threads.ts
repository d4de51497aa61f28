// The worker threads the production server starts: the compiled bundle `npm start`
// runs (scripts/steps.mjs builds it into .next/), elsewhere (tests, dev) the
// TypeScript source through tsx.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** `bundle` is the file name under .next/, `source` the entry's path from the project's root. */
export function startThread(bundle: string, source: string, env: NodeJS.ProcessEnv): Worker {
  const built = path.join(process.cwd(), ".next", bundle);
  if (fs.existsSync(built) && process.env.NODE_ENV === "production") return new Worker(built, { env });
  const href = pathToFileURL(path.join(process.cwd(), source)).href;
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(href)}); })`;
  return new Worker(boot, { eval: true, env });
}
