import { execFileSync } from "node:child_process";

/** A flags token for `app`, made with the CLI on the journeys' database, as an operator would (the token is the output's last line). */
export function flagsToken(app: string, name: string): string {
  const output = execFileSync("node_modules/.bin/tsx", ["scripts/frugal.ts", "token", "create", "--app", app, "--scope", "flags", "--name", name], { env: { ...process.env, DATABASE_URL: "file:./data/e2e.db" } }).toString();
  return output.trim().split("\n").at(-1) as string;
}
