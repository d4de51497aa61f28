import { CliError } from "./cli-error";

/** `--name value` options; a flag given without a value is an error, as is an unknown one. */
export function parseOptions(args: string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) throw new CliError(`Unexpected argument '${arg}'.`);
    const name = arg.slice(2);
    if (!known.includes(name)) throw new CliError(`Unknown option --${name}. Known: ${known.map((k) => `--${k}`).join(", ")}.`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) throw new CliError(`--${name} needs a value.`);
    out[name] = value;
    i++;
  }
  return out;
}

/** Like parseOptions, but every option may be given more than once (`--to a --to b`): each keeps all its values. */
export function parseOptionLists(args: string[], known: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < args.length; i += 2) {
    const one = parseOptions(args.slice(i, i + 2), known);
    for (const [k, v] of Object.entries(one)) (out[k] ??= []).push(v);
  }
  return out;
}
