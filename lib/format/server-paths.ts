// Error messages shown on pages must not reveal where the server keeps its files: absolute paths
// are cut to their last part (the file name the admin recognises).
const ABSOLUTE_PATH = /(^|[\s'"(=:,[])\/(?:[^\s'"()\],:/]+\/)+([^\s'"()\],:/]*)/g;

export function withoutServerPaths(message: string): string {
  return message.replace(ABSOLUTE_PATH, (_m, lead: string, last: string) => `${lead}${last || "…"}`);
}
