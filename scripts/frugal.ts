/**
 * Frugal's admin CLI:  npm run frugal -- <command>
 *   setup            create the demo account (in demo mode) and sync once if never synced
 *   sync [--days N]  read the account from its source into the database, with progress
 */
import { CliError } from "../lib/cli/cli-error";
import { setupCommand } from "../lib/cli/setup-command";
import { syncCommand } from "../lib/cli/sync-command";
import { db } from "../lib/db/client";

const USAGE = `Usage: npm run frugal -- <command>

Commands:
  setup              create the demo account (in demo mode) and sync once if never synced
  sync [--days N]    read the account from its source into the database (default: FRUGAL_SYNC_DAYS, 90)
  help               show this text`;

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case "setup":
      return setupCommand(db());
    case "sync":
      return syncCommand(db(), args);
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
