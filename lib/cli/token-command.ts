import { createApiToken, listApiTokens, revokeApiToken } from "../auth/tokens";
import type { Db } from "../db/client";
import { isTokenScope } from "../domain/authorization";
import { defaultAccountId } from "../data/account-id";
import { parseOptions } from "./args";
import { CliError } from "./cli-error";

const CLI_ACTOR = { kind: "system", label: "cli" } as const;
const USAGE = `Usage:
  npm run frugal -- token create --app <slug> --scope <read|ingest|flags> [--name <name>]
  npm run frugal -- token list --app <slug>
  npm run frugal -- token revoke --id <id>`;

async function applicationBySlug(db: Db, slug: string | undefined) {
  if (!slug) throw new CliError(`--app is needed.\n${USAGE}`);
  const accountId = await defaultAccountId(db);
  const app = accountId === null ? null : await db.application.findUnique({ where: { accountId_slug: { accountId, slug } } });
  if (!app) {
    const known = accountId === null ? [] : (await db.application.findMany({ where: { accountId }, select: { slug: true } })).map((a) => a.slug);
    throw new CliError(`No application '${slug}'.${known.length ? ` Known: ${known.join(", ")}.` : ""}`);
  }
  return app;
}

export async function tokenCommand(db: Db, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "create": {
      const options = parseOptions(rest, ["app", "scope", "name"]);
      const app = await applicationBySlug(db, options.app);
      if (!isTokenScope(options.scope)) throw new CliError(`--scope must be read, ingest or flags.\n${USAGE}`);
      const name = options.name ?? `${options.scope} token (cli)`;
      const { token, view } = await createApiToken(db, { applicationId: app.id, name, scope: options.scope, actor: CLI_ACTOR });
      console.error(`Created ${view.scope} token #${view.id} "${view.name}" for ${app.slug}. It is shown once, below:`);
      // Alone on the last line of stdout, so that scripts can capture it: TOKEN=$(npm run -s frugal -- token create ... | tail -n 1)
      console.log(token);
      return;
    }
    case "list": {
      const app = await applicationBySlug(db, parseOptions(rest, ["app"]).app);
      for (const t of await listApiTokens(db, app.id)) {
        const status = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? "never"}`;
        console.log(`#${t.id}  ${t.scope.padEnd(6)}  ${t.prefix}…  ${t.name}  (${status})`);
      }
      return;
    }
    case "revoke": {
      const id = Number(parseOptions(rest, ["id"]).id);
      if (!Number.isInteger(id)) throw new CliError(`--id takes the token's number (see token list).\n${USAGE}`);
      if (!(await db.apiToken.findUnique({ where: { id } }))) throw new CliError(`No token #${id}.`);
      const view = await revokeApiToken(db, id, CLI_ACTOR);
      console.log(`Revoked token #${view.id} "${view.name}".`);
      return;
    }
    default:
      throw new CliError(USAGE);
  }
}
