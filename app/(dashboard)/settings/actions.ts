"use server";

import { revalidatePath } from "next/cache";
import { adminAction, userAction } from "@/lib/auth/action";
import { createAdminUser, setOwnTimeZone } from "@/lib/services/admin-users";
import { createApiToken, revokeApiToken } from "@/lib/services/api-tokens";
import { createTokenSchema, createUserSchema, revokeTokenSchema, timeZoneSchema } from "@/lib/validation/settings";

export const createUserAction = adminAction("createUser", createUserSchema, async (input, user) => {
  const created = await createAdminUser(user, input);
  revalidatePath("/settings");
  return created;
});

export const createTokenAction = adminAction("createToken", createTokenSchema, async (input, user) => {
  const token = await createApiToken(user, input);
  revalidatePath("/settings");
  return token;
});

export const revokeTokenAction = adminAction("revokeToken", revokeTokenSchema, async (input, user) => {
  await revokeApiToken(user, input.id);
  revalidatePath("/settings");
  return { id: input.id };
});

export const setTimeZoneAction = userAction("setTimeZone", timeZoneSchema, async (input, user) => {
  await setOwnTimeZone(user, input.timeZone);
  revalidatePath("/", "layout");
  return input;
});
