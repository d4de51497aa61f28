/** Frugal's admin CLI:  npm run frugal -- <command>  (see USAGE) */
import { adminCommand } from "../lib/cli/admin-command";
import { CliError } from "../lib/cli/cli-error";
import { setupCommand } from "../lib/cli/setup-command";
import { syncCommand } from "../lib/cli/sync-command";
import { tokenCommand } from "../lib/cli/token-command";
import { db } from "../lib/db/client";

const USAGE = `Usage: npm run frugal -- <command>

Commands:
  setup              create the demo account (in demo mode) and sync once if never synced
  sync [--days N]    read the account from its source into the database (default: FRUGAL_SYNC_DAYS, 90)
  admin create --email <e-mail> [--name <name>]
                     create an admin; the password is asked for (or read from stdin), never taken from argv
  admin list         list users and their roles
  token create --app <slug> --scope <read|ingest|flags> [--name <name>]
                     create an API token; it is printed alone on the last line
  token list --app <slug> | token revoke --id <id>
  help               show this text`;

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case "setup":
      return setupCommand(db());
    case "sync":
      return syncCommand(db(), args);
    case "admin":
      return adminCommand(db(), args);
    case "token":
      return tokenCommand(db(), args);
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
    if (error instanceof CliError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
