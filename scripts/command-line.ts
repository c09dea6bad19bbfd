/**
 * The command-line prologue the operator scripts share: usage on `--help` (exit
 * 0) or with no arguments (exit 2), then `node:util` parseArgs; an unknown or
 * malformed option prints its message and the usage (exit 2).
 */
import { parseArgs, ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed arguments, or the exit code when the script must stop. */
export function parseCommandLine<O extends Options>(argv: readonly string[], usage: string, options: O): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>> | number {
  const args = [...argv];
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    return args.length === 0 ? 2 : 0;
  }
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
}
