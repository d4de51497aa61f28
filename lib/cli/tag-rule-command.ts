import { recordAudit } from "../audit/record";
import type { Db } from "../db/client";
import { addTagRule, deleteTagRule, listTagRules, tagKeySchema, tagValueSchema } from "../data/tag-rules";
import { defaultAccountId } from "../data/account-id";
import { uniqueSlug } from "../jobs/sync-inventory";
import { parseOptions } from "./args";
import { CliError } from "./cli-error";

const CLI_ACTOR = { kind: "system", label: "cli" } as const;
const USAGE = `Usage:
  npm run frugal -- tag-rule add --app <slug> --match <key>=<value|*>   (creates the application when it does not exist)
  npm run frugal -- tag-rule list
  npm run frugal -- tag-rule remove --id <id>`;

export async function tagRuleCommand(db: Db, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const accountId = await defaultAccountId(db);
  if (accountId === null) throw new CliError("There is no account yet. Run `npm run frugal -- setup` first.");
  switch (sub) {
    case "add": {
      const o = parseOptions(rest, ["app", "match"]);
      const slug = o.app?.trim();
      if (!slug || !/^[a-z0-9][a-z0-9-]{0,47}$/.test(slug)) throw new CliError(`--app takes an application's slug (lower-case letters, digits and -).\n${USAGE}`);
      const at = (o.match ?? "").indexOf("=");
      if (at <= 0) throw new CliError(`--match takes key=value, or key=* for any value.\n${USAGE}`);
      const key = tagKeySchema.safeParse(o.match!.slice(0, at));
      const value = tagValueSchema.safeParse(o.match!.slice(at + 1));
      if (!key.success) throw new CliError(key.error.issues[0]?.message ?? "Bad tag key.");
      if (!value.success) throw new CliError(value.error.issues[0]?.message ?? "Bad tag value.");
      let app = await db.application.findUnique({ where: { accountId_slug: { accountId, slug } } });
      if (!app) {
        const name = slug.replace(/-/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
        app = await db.$transaction(async (tx) => {
          const created = await tx.application.create({ data: { accountId, slug: await uniqueSlug(tx, accountId, slug), name } });
          await recordAudit(tx, { actor: CLI_ACTOR, action: "application.created", object: { type: "application", id: created.id, label: created.name }, applicationId: created.id, after: { slug: created.slug } });
          return created;
        });
        console.error(`Created the application ${app.name} (${app.slug}).`);
      }
      const rule = await addTagRule(db, accountId, { applicationId: app.id, key: key.data, value: value.data }, CLI_ACTOR);
      console.log(`Rule #${rule.id}: ${rule.key}=${rule.value} → ${app.slug}, evaluated after the ${(await listTagRules(db, accountId)).length - 1} rule(s) before it. The next sync applies it.`);
      return;
    }
    case "list": {
      const rules = await listTagRules(db, accountId);
      if (rules.length === 0) console.log("No tag rules: every resource is unallocated.");
      rules.forEach((r, i) => console.log(`${String(i + 1).padStart(3)}. #${r.id}  ${r.key}=${r.value}  → ${r.application.slug}  (${r.resourceCount} resources)`));
      return;
    }
    case "remove": {
      const id = Number(parseOptions(rest, ["id"]).id);
      if (!Number.isInteger(id)) throw new CliError(`--id takes the rule's number (see tag-rule list).\n${USAGE}`);
      await deleteTagRule(db, accountId, id, CLI_ACTOR);
      console.log(`Removed rule #${id}. The next sync moves what it matched to the next rule that matches, or to unallocated.`);
      return;
    }
    default:
      throw new CliError(USAGE);
  }
}
