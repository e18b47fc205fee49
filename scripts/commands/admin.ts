import { z } from "zod";
import { generatePassword } from "@/lib/auth/password";
import { createAdminUser } from "@/lib/services/admin-users";
import { unlockAccount } from "@/lib/services/sign-in";

const createSchema = z.tuple([z.literal("admin:create"), z.string().email(), z.enum(["admin", "viewer"])]);
const unlockSchema = z.tuple([z.literal("admin:unlock"), z.string().email()]);

export async function run(args: string[]): Promise<number> {
  if (args[0] === "admin:unlock") {
    const parsed = unlockSchema.safeParse(args);
    if (!parsed.success) {
      console.error("usage: npm run cli -- admin:unlock EMAIL");
      return 2;
    }
    const result = await unlockAccount(parsed.data[1]);
    console.log(
      `${result.found ? "" : "no such account; "}cleared ${result.cleared} sign-in back-off(s) for ${parsed.data[1].toLowerCase()}`,
    );
    return 0;
  }
  const parsed = createSchema.safeParse(args);
  if (!parsed.success) {
    console.error("usage: npm run cli -- admin:create EMAIL admin|viewer");
    return 2;
  }
  const password = process.env.NEW_USER_PASSWORD ?? generatePassword();
  const user = await createAdminUser(null, { email: parsed.data[1], role: parsed.data[2], password });
  console.log(
    `created ${user.role} ${user.email}${process.env.NEW_USER_PASSWORD ? "" : ` with password ${password}`}`,
  );
  return 0;
}
