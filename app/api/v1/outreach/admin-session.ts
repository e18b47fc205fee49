// Outreach changes come from a signed-in admin only: API tokens (even events:write) cannot edit them.
import "server-only";
import type { ApiCaller } from "@/lib/auth/api-token";
import { AuthError, type SessionUser } from "@/lib/auth/roles";

export function requireSessionAdmin(caller: ApiCaller): SessionUser {
  if (caller.kind !== "session" || caller.user.role !== "admin")
    throw new AuthError(403, "Only a signed-in admin can change outreach");
  return caller.user;
}
