// Open Collective's members export (`https://opencollective.com/<slug>/members/all.csv`, served by opencollective-rest):
// one row per membership (backer, admin, contributor, follower), a state rather than payments. Each member becomes the
// `opencollective` identity the transactions key the same way (the profile's slug), with what only this export names:
// the GitHub account (a linked handle), the email (admins' exports only), and whether it is an organisation.
import type { CsvRecord } from "@/lib/ingest/canonical/csv-records";
import { clip } from "@/lib/ingest/line-reader";
import { normaliseEmail } from "@/lib/ingest/email-domains";
import type { IdentityRecord, ParsedRow } from "@/lib/ingest/types";
import { isGuestSlug } from "./classify";
import { parseOcDate, PROFILE_URL } from "./csv";
import { OC_SOURCE } from "./subscriptions";

const GITHUB_URL = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/?$/i;

/** The members export's header: `MemberId` first, a `profile` URL and a `role`. */
export const isOcMembersHeader = (header: string[]): boolean =>
  header[0]?.replace(/^\uFEFF/, "") === "MemberId" && header.includes("profile") && header.includes("role");

/** `createdAt` as the export writes it, `YYYY-MM-DD HH:mm` (UTC), or with seconds. */
const memberDate = (text: string | undefined): Date | null =>
  text ? parseOcDate(/^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(text.trim()) ? `${text.trim()}:00` : text) : null;

/**
 * A reader of the export's data records (the header already read): the first row of each profile is its identity, later
 * rows of the same profile (another role or tier) add nothing; a row whose `profile` is no Open Collective URL is a bad row.
 */
export function ocMembersReader(header: string[]) {
  const at = new Map(header.map((name, i) => [name.replace(/^\uFEFF/, "").trim(), i]));
  const seen = new Set<string>();
  return (record: CsvRecord): ParsedRow => {
    const cell = (name: string) => record.fields[at.get(name) ?? -1]?.trim() ?? "";
    const profileUrl = cell("profile");
    const slug = PROFILE_URL.exec(profileUrl)?.[1]?.toLowerCase();
    if (!slug)
      return {
        ok: false,
        line: record.line,
        reason: `profile is not an opencollective.com profile URL: ${JSON.stringify(profileUrl)}`,
        raw: clip(record.raw),
      };
    if (seen.has(slug)) return { ok: true, line: record.line, records: [] };
    seen.add(slug);
    const name = cell("name") || null;
    const github = GITHUB_URL.exec(cell("github"))?.[1];
    const guest = isGuestSlug(slug);
    const identity: IdentityRecord = {
      kind: "identity",
      source: OC_SOURCE,
      externalId: slug,
      handle: guest ? null : slug,
      displayName: name,
      organizationName: cell("type") === "ORGANIZATION" ? name : null,
      firstSeenAt: memberDate(cell("createdAt")),
      profile: {
        profileUrl,
        guest,
        role: cell("role") || null,
        tier: cell("tier") || null,
        isActive: cell("isActive") === "true",
      },
    };
    const email = normaliseEmail(cell("email"));
    if (email) identity.email = email;
    if (github) identity.linkedHandles = [{ source: "github", handle: github }];
    return { ok: true, line: record.line, records: [identity] };
  };
}
