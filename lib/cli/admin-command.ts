import { createUser, listUsers } from "../auth/users";
import type { Db } from "../db/client";
import { parseOptions } from "./args";
import { CliError } from "./cli-error";
import { readPassword } from "./read-secret";

const CLI_ACTOR = { kind: "system", label: "cli" } as const;

export async function adminCommand(db: Db, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "create": {
      const options = parseOptions(rest, ["email", "name", "password"]);
      if (options.password !== undefined) throw new CliError("Passwords are never taken from the command line; you will be asked for it (or pipe it on stdin).");
      if (!options.email) throw new CliError("Usage: npm run frugal -- admin create --email <e-mail> [--name <name>]");
      const password = await readPassword();
      const user = await createUser(db, { email: options.email, name: options.name ?? "", role: "admin", password }, CLI_ACTOR);
      console.log(`Created admin ${user.email}. Sign in at the dashboard with this e-mail and password.`);
      return;
    }
    case "list": {
      for (const u of await listUsers(db)) {
        const owns = u.ownedApplications.map((a) => a.slug).join(",");
        console.log(`${u.role.padEnd(9)} ${u.email}${owns ? `  (owns ${owns})` : ""}`);
      }
      return;
    }
    default:
      throw new CliError("Usage: npm run frugal -- admin create --email <e-mail> [--name <name>] | admin list");
  }
}
