import { z } from "zod";
import { generatePassword } from "@/lib/auth/password";
import { createAdminUser } from "@/lib/services/admin-users";
import { unlockAccount } from "@/lib/services/sign-in";
import { commandArgs } from "./args";

const createSchema = z.tuple([z.string().email(), z.enum(["admin", "viewer"])]);
const unlockSchema = z.tuple([z.string().email()]);
const CREATE_USAGE = "usage: npm run cli -- admin:create EMAIL admin|viewer";
const UNLOCK_USAGE = "usage: npm run cli -- admin:unlock EMAIL";

export async function run(args: string[]): Promise<number> {
  if (args[0] === "admin:unlock") {
    const words = commandArgs(args, UNLOCK_USAGE, { positionals: [1, 1] });
    const parsed = unlockSchema.safeParse(words?.positionals);
    if (!parsed.success) {
      if (words) console.error(UNLOCK_USAGE);
      return 2;
    }
    const [email] = parsed.data;
    const result = await unlockAccount(email);
    console.log(
      `${result.found ? "" : "no such account; "}cleared ${result.cleared} sign-in back-off(s) for ${email.toLowerCase()}`,
    );
    return 0;
  }
  const words = commandArgs(args, CREATE_USAGE, { positionals: [2, 2] });
  const parsed = createSchema.safeParse(words?.positionals);
  if (!parsed.success) {
    if (words) console.error(CREATE_USAGE);
    return 2;
  }
  const [email, role] = parsed.data;
  const password = process.env.NEW_USER_PASSWORD ?? generatePassword();
  const user = await createAdminUser(null, { email, role, password });
  console.log(
    `created ${user.role} ${user.email}${process.env.NEW_USER_PASSWORD ? "" : ` with password ${password}`}`,
  );
  return 0;
}
