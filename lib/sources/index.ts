// The source an account is read from: the built-in demo, or AWS through the
// accounts configured for it (AwsAccount rows; the first start makes one from
// the SDK's default credential chain).
import type { Db } from "../db/client";
import { env } from "../env";
import { AwsSource } from "./aws/aws-source";
import { awsAccountConfig, awsClientSettings } from "./aws/settings";
import { DemoSource } from "./demo/demo-source";
import type { Source } from "./types";

export class SourceNotAvailableError extends Error {
  override name = "SourceNotAvailableError";
}

export async function sourceFor(db: Db, accountId: number, now: () => Date = () => new Date()): Promise<Source> {
  const account = await db.cloudAccount.findUniqueOrThrow({ where: { id: accountId } });
  if (account.source !== "aws") return new DemoSource({ seed: env.FRUGAL_DEMO_SEED, now });
  const rows = await db.awsAccount.findMany({ where: { accountId }, orderBy: { id: "asc" } });
  if (rows.length === 0) throw new SourceNotAvailableError("No AWS account is configured yet: run `npm run frugal -- setup` (it uses the SDK's default credentials), or add one on /settings/accounts.");
  return new AwsSource({
    accounts: rows.map(awsAccountConfig),
    cost: { metric: env.FRUGAL_AWS_COST_METRIC, includeCredits: env.FRUGAL_AWS_INCLUDE_CREDITS },
    clients: awsClientSettings(),
    retriesNamespace: env.FRUGAL_RETRIES_NAMESPACE,
  });
}
