/**
 * A local stand-in for AWS (tests/aws-stub), for trying FRUGAL_SOURCE=aws without an
 * account, and for the benchmark:
 *   npx tsx scripts/aws-stub.ts [--account shop|large] [--services N] [--days N] [--port P]
 * then, in another shell:
 *   AWS_ENDPOINT_URL=http://127.0.0.1:P AWS_ACCESS_KEY_ID=AKIASTUB AWS_SECRET_ACCESS_KEY=stub \
 *   FRUGAL_SOURCE=aws FRUGAL_AWS_REGIONS=<region> npm start
 */
import { largeAccount, LARGE_REGION } from "../tests/aws-stub/large-account";
import { AwsStub } from "../tests/aws-stub/server";
import { REGION, shopAccount } from "../tests/aws-stub/shop-account";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

const today = new Date().toISOString().slice(0, 10);
const kind = arg("account", "shop");
const days = Number(arg("days", "30"));
const account = kind === "large" ? largeAccount({ services: Number(arg("services", "1000")), days, today }) : shopAccount({ days, today });
const stub = new AwsStub({ identities: [{ accessKeyId: "AKIASTUB", account, arn: `arn:aws:iam::${account.accountId}:user/frugal` }], groupsPerPage: 5_000 });
await stub.start(Number(arg("port", "0")));
// One line for a parent process to read: the address and the region to read.
process.stdout.write(`${JSON.stringify({ url: stub.url, region: kind === "large" ? LARGE_REGION : REGION, accountId: account.accountId, resources: account.resources.length })}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stub.stop().then(() => process.exit(0)));
