// Every CLI command reads its words with node:util parseArgs, strict: a misspelt flag or a stray word is
// refused with the command's usage line (exit code 2) before the command does any work.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `args` as cli.ts passes them (the command's name first). Positionals must number between
 * `positionals[0]` and `positionals[1]`; null (after printing `usage`) when the words do not parse.
 */
export function commandArgs<const O extends Options = Record<never, never>>(
  args: string[],
  usage: string,
  spec: { options?: O; positionals?: [min: number, max: number] } = {},
) {
  const [min, max] = spec.positionals ?? [0, 0];
  try {
    const parsed = parseArgs({
      args: args.slice(1),
      options: spec.options ?? ({} as O),
      allowPositionals: true,
      strict: true,
    });
    if (parsed.positionals.length >= min && parsed.positionals.length <= max) return parsed;
  } catch {
    // Fall through to the usage line.
  }
  console.error(usage);
  return null;
}
