// What the pages, the API and the CLI load before they answer. The AWS SDK (about 500
// modules) belongs to the sync, which runs in the worker, and to the few places that call
// AWS (the connection test, the accounts page's query count), which load it when they run.
// Once, every page and route loaded it through the account id (`defaultAccountId` lived
// beside the sync), and each CLI command took half a second longer.
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

/** The files `entry` imports up front (static imports and requires, not `import()`), as paths from the root. */
async function loadedUpFront(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    loader: { ".node": "empty" },
    // Packages that are large and never the question here.
    external: ["next", "next/*", "react", "react-dom", "better-sqlite3", "pg", "@prisma/*"],
  });
  const inputs: Metafile["inputs"] = result.metafile.inputs;
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const i of inputs[queue.shift()!]?.imports ?? []) {
      if (i.kind === "dynamic-import" || i.external || seen.has(i.path)) continue;
      seen.add(i.path);
      queue.push(i.path);
    }
  }
  return [...seen];
}

const isAwsSdk = (file: string) => /node_modules\/(@aws-sdk|@smithy)\//.test(file);

describe("what loads up front", () => {
  it.each([
    ["lib/data/page-loaders.ts", "every dashboard page's reads"],
    ["lib/api/query.ts", "every JSON API route's application and account"],
    ["lib/auth/api-route.ts", "every JSON API route's guard"],
    ["scripts/frugal.ts", "the CLI, before a command is chosen"],
    ["lib/cli/token-command.ts", "the CLI's token commands"],
  ])("%s (%s) loads none of the AWS SDK", async (entry) => {
    const files = await loadedUpFront(entry);
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter(isAwsSdk)).toEqual([]);
  });

  it("the sync does load it: the check above can see the SDK", async () => {
    expect((await loadedUpFront("lib/jobs/sync-account.ts")).filter(isAwsSdk).length).toBeGreaterThan(100);
  });
});
