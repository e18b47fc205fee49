// `npm run cli -- backup FILE` and `npm run cli -- restore FILE` (see docs/operations.md).
import { databaseUrl } from "@/lib/env";
import { backupDatabase, restoreDatabase } from "@/lib/services/backup";

export async function run([name, file]: string[]): Promise<number> {
  if (!file) {
    console.error(`usage: npm run cli -- ${name} FILE`);
    return 2;
  }
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
