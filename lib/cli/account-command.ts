import type { Db } from "../db/client";
import { addAwsAccount, ensureAwsWorkspace, listAwsAccounts, removeAwsAccount, testAwsAccount } from "../data/aws-accounts";
import { env } from "../env";
import { parseOptions } from "./args";
import { CliError } from "./cli-error";

const CLI_ACTOR = { kind: "system", label: "cli" } as const;
const USAGE = `Usage:
  npm run frugal -- account add --name <name> --role-arn <arn> [--external-id <id>] [--regions a,b] [--reads cost,resources]
  npm run frugal -- account list
  npm run frugal -- account test [--name <name>]     (exits 1 when a permission is missing)
  npm run frugal -- account remove --name <name>`;

async function workspace(db: Db): Promise<number> {
  if (env.FRUGAL_SOURCE !== "aws") throw new CliError("AWS accounts are for FRUGAL_SOURCE=aws; this installation reads the demo account.");
  return (await ensureAwsWorkspace(db, (line) => console.error(line))).accountId;
}

export async function accountCommand(db: Db, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "add": {
      const o = parseOptions(rest, ["name", "role-arn", "external-id", "regions", "reads"]);
      if (!o.name || !o["role-arn"]) throw new CliError(`--name and --role-arn are needed.\n${USAGE}`);
      const reads = (o.reads ?? "cost,resources").split(",").map((r) => r.trim());
      if (reads.some((r) => r !== "cost" && r !== "resources") || reads.length === 0) throw new CliError("--reads takes cost, resources or both (cost,resources).");
      const added = await addAwsAccount(db, await workspace(db), { name: o.name, roleArn: o["role-arn"], externalId: o["external-id"], regions: o.regions, readsCost: reads.includes("cost"), readsResources: reads.includes("resources") }, CLI_ACTOR);
      console.log(`Added ${added.name} (${added.roleArn}), regions ${added.regions.join(", ")}. Run \`npm run frugal -- account test --name ${added.name}\` to check its permissions.`);
      return;
    }
    case "list": {
      for (const a of await listAwsAccounts(db, await workspace(db))) {
        const via = a.roleArn ? `role ${a.roleArn}${a.externalIdSet ? " (external id)" : ""}` : "default credentials";
        const reads = [a.readsCost && "cost", a.readsResources && "resources and metrics"].filter(Boolean).join(", ");
        const test = a.lastTest ? (a.lastTest.ok ? `last test ok ${a.lastTestAt?.toISOString()}` : `last test FAILED ${a.lastTestAt?.toISOString()}`) : "never tested";
        console.log(`${a.name}  ${a.awsAccountId ?? "(id unknown)"}  via ${via}  reads ${reads}  regions ${a.regions.join(",")}  ${test}`);
      }
      return;
    }
    case "test": {
      const o = parseOptions(rest, ["name"]);
      const accountId = await workspace(db);
      const accounts = (await listAwsAccounts(db, accountId)).filter((a) => !o.name || a.name === o.name);
      if (accounts.length === 0) throw new CliError(o.name ? `No AWS account named '${o.name}'.` : "No AWS account is configured.");
      let failed = 0;
      for (const a of accounts) {
        const result = await testAwsAccount(db, accountId, a.id, CLI_ACTOR);
        console.log(`\n${a.name}${result.awsAccountId ? ` (${result.awsAccountId})` : ""}: ${result.ok ? "every permission Frugal needs is there" : "permissions are missing"}`);
        for (const c of result.checks) {
          console.log(`  ${c.ok ? "ok     " : "MISSING"}  ${c.permission.padEnd(26)} ${c.detail}`);
          if (c.fix) console.log(`           ${"".padEnd(26)} → ${c.fix}`);
        }
        console.log(`  (this test cost $${(result.costMicroUsd / 1e6).toFixed(2)} in Cost Explorer requests)`);
        if (!result.ok) failed++;
      }
      if (failed) throw new CliError(`\n${failed} of ${accounts.length} account(s) miss permissions; see README, "Connecting your AWS account", for the policy.`);
      return;
    }
    case "remove": {
      const o = parseOptions(rest, ["name"]);
      const accountId = await workspace(db);
      const target = (await listAwsAccounts(db, accountId)).find((a) => a.name === o.name);
      if (!target) throw new CliError(`No AWS account named '${o.name ?? ""}'.`);
      await removeAwsAccount(db, accountId, target.id, CLI_ACTOR);
      console.log(`Removed ${target.name}. Its resources stay, marked gone at the next sync; their history stays readable.`);
      return;
    }
    default:
      throw new CliError(USAGE);
  }
}
