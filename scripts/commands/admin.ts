import { z } from "zod";
import { generatePassword } from "@/lib/auth/password";
import { createAdminUser } from "@/lib/services/admin-users";

const argsSchema = z.tuple([z.string(), z.string().email(), z.enum(["admin", "viewer"])]);

export async function run(args: string[]): Promise<number> {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) {
    console.error("usage: npm run cli -- admin:create EMAIL admin|viewer");
    return 2;
  }
  const password = process.env.NEW_USER_PASSWORD ?? generatePassword();
  const user = await createAdminUser(null, { email: parsed.data[1], role: parsed.data[2], password });
  console.log(`created ${user.role} ${user.email}${process.env.NEW_USER_PASSWORD ? "" : ` with password ${password}`}`);
  return 0;
}
