// `npm run cli -- backup FILE` and `npm run cli -- restore FILE` (see docs/operations.md).
import { databaseUrl } from "@/lib/env";
import { backupDatabase, restoreDatabase } from "@/lib/services/backup";
import { commandArgs, userPath } from "./args";

export async function run(args: string[]): Promise<number> {
  const name = args[0];
  const words = commandArgs(args, `usage: npm run cli -- ${name} FILE`, { positionals: [1, 1] });
  if (!words) return 2;
  const file = userPath(words.positionals[0]);
  const log = (line: string) => console.log(`  ${line}`);
  if (name === "backup") {
    const header = await backupDatabase(databaseUrl(), file, log);
    console.log(`Backed up ${header.tables.length} tables to ${file}`);
  } else {
    const header = await restoreDatabase(databaseUrl(), file, log);
    console.log(
      `Restored ${header.tables.length} tables from ${file} (backup of ${header.createdAt}); checksums match`,
    );
  }
  return 0;
}
