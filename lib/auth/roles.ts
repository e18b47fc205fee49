// Who may do what. Viewers read everything and change nothing; admins do everything.
export type Role = "admin" | "viewer";

export interface SessionUser {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  timeZone: string;
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

export function assertCanWrite(user: SessionUser | null): asserts user is SessionUser & { role: "admin" } {
  if (!user) throw new AuthError(401, "Sign in first");
  if (user.role !== "admin") throw new AuthError(403, "Viewers cannot change anything: ask an admin");
}
