// One identity resolver per import, request or webhook delivery, honouring privacy mode (only
// salted email hashes are kept, never addresses).
import "server-only";
import { env } from "@/lib/env";
import { IdentityResolver } from "@/lib/ingest/persist/identities";

export function newIdentityResolver(): IdentityResolver {
  return new IdentityResolver({
    enabled: env().PRIVACY_MODE === true,
    salt: env().NEXTAUTH_SECRET ?? "groundswell",
  });
}
