// Every CLI command reads its words with node:util parseArgs, strict: a misspelt flag or a stray word is
// refused with the command's usage line (exit code 2) before the command does any work.
import path from "node:path";
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

/**
 * A path the user typed, resolved against the folder they ran the command in: `npm run cli` runs
 * in the project folder, so `npm run cli -- import slack ./export.zip` typed in ~/Downloads would
 * look for the file in the project. npm names the user's folder in INIT_CWD.
 */
export function userPath(file: string, env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.INIT_CWD || process.cwd(), file);
}
