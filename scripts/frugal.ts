/** Frugal's admin CLI:  npm run frugal -- <command>  (see USAGE) */
import { CliError } from "../lib/cli/cli-error";
import { db } from "../lib/db/client";
import { deployPending } from "../lib/db/migrate";
import { databaseLabel } from "../lib/env";
import { countOf } from "../lib/domain/format";
import { AppError } from "../lib/errors";

const USAGE = `Usage: npm run frugal -- <command>

Commands:
  setup              create the demo account (FRUGAL_SOURCE=demo), or the AWS account from the default
                     credentials (FRUGAL_SOURCE=aws), and sync once if never synced
  sync [--days N]    read the account from its source into the database (default: FRUGAL_SYNC_DAYS, 90)
  admin create --email <e-mail> [--name <name>]
                     create an admin; the password is asked for (or read from stdin), never taken from argv
  admin list         list users and their roles
  token create --app <slug> --scope <read|ingest|flags> [--name <name>]
                     create an API token; it is printed alone on the last line
  token list --app <slug> | token revoke --id <id>
  account add --name <n> --role-arn <arn> [--external-id <id>] [--regions a,b] [--reads cost,resources]
                     read another AWS account through a role (FRUGAL_SOURCE=aws)
  account list | account test [--name <n>] | account remove --name <n>
                     test calls each API once and prints, per permission, ok or what to add
  tag-rule add --app <slug> --match <key>=<value|*>
                     put resources with that tag into the application (made if missing)
  tag-rule list | tag-rule remove --id <id>
  report create --name <n> --cron '<expr>' --tz <zone> --period <yesterday|last-week|last-month|month-to-date>
         [--apps a,b] [--to <e-mail>]... [--webhook <url>]... [--format slack|generic]
                     schedule a cost report (e-mail needs SMTP_URL)
  report list | report delete <id> | report run <id> [--period <yyyy-mm-dd>]
                     run makes and sends the period's report once (for an external scheduler)
  help               show this text`;

/** A command run before the first `npm start` (say, creating the first admin) finds the database made, not an empty file. */
async function ensureDatabase(): Promise<void> {
  const applied = await deployPending();
  if (applied.length) console.error(`Database ${databaseLabel()}: applied ${countOf(applied.length, "migration")}.`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  // Each command's module is loaded when it runs: the AWS SDK, e-mail and sign-in libraries only
  // load for the commands that use them, and a command starts that much sooner.
  if (command !== undefined && command !== "help" && command !== "--help") await ensureDatabase();
  switch (command) {
    case "setup":
      return (await import("../lib/cli/setup-command")).setupCommand(db());
    case "sync":
      return (await import("../lib/cli/sync-command")).syncCommand(db(), args);
    case "admin":
      return (await import("../lib/cli/admin-command")).adminCommand(db(), args);
    case "token":
      return (await import("../lib/cli/token-command")).tokenCommand(db(), args);
    case "account":
      return (await import("../lib/cli/account-command")).accountCommand(db(), args);
    case "tag-rule":
      return (await import("../lib/cli/tag-rule-command")).tagRuleCommand(db(), args);
    case "report":
      return (await import("../lib/cli/report-command")).reportCommand(db(), args);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return;
    default:
      throw new CliError(`Unknown command '${command}'.\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    // Refusals (bad input, a missing permission, a name taken) are messages for the user, not stack traces.
    if (error instanceof CliError || error instanceof AppError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
