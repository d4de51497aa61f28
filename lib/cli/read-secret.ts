// Secrets come from a prompt (hidden as typed) or from stdin, never from argv,
// where they would land in shell history and `ps`.
import { CliError } from "./cli-error";

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

function promptHidden(question: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question);
    let value = "";
    input.setRawMode?.(true);
    input.resume();
    const done = (error?: Error) => {
      input.setRawMode?.(false);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") return done();
        if (char === "\u0003") return done(new CliError("Cancelled."));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    input.on("data", onData);
  });
}

/** A password: asked twice on a terminal, or the first line of stdin when piped. */
export async function readPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    const line = (await readAll(input)).split(/\r?\n/)[0] ?? "";
    if (!line) throw new CliError("No password on stdin. Pipe it in (e.g. `printf '%s' \"$PASSWORD\" | npm run frugal -- admin create ...`) or run in a terminal to be asked.");
    return line;
  }
  const first = await promptHidden("Password: ", input, output);
  const second = await promptHidden("Again: ", input, output);
  if (first !== second) throw new CliError("The two passwords differ.");
  return first;
}
