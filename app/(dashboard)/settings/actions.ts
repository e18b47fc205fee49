"use server";

import { revalidatePath } from "next/cache";
import { adminAction, userAction } from "@/lib/auth/action";
import {
  changeOwnPassword,
  createAdminUser,
  deleteAdminUser,
  revokeSessions,
  setOwnTimeZone,
  updateAdminUser,
} from "@/lib/services/admin-users";
import { createApiToken, revokeApiToken } from "@/lib/services/api-tokens";
import { z } from "zod";
import {
  changePasswordSchema,
  createTokenSchema,
  createUserSchema,
  deleteUserSchema,
  revokeTokenSchema,
  timeZoneSchema,
  updateUserSchema,
} from "@/lib/validation/settings";

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

/** Every session of the account ends with it, this one included: the form then signs in again. */
export const changePasswordAction = userAction(
  "changePassword",
  changePasswordSchema,
  async (input, user) => {
    await changeOwnPassword(user, input.current, input.next);
    return { changed: true };
  },
);

export const signOutEverywhereAction = userAction("signOutEverywhere", z.object({}), async (_input, user) => {
  await revokeSessions(user, user.id);
  return { revoked: true };
});

export const updateUserAction = adminAction("updateUser", updateUserSchema, async (input, user) => {
  await updateAdminUser(user, input.id, { role: input.role, disabled: input.disabled });
  revalidatePath("/settings");
  return { id: input.id };
});

export const deleteUserAction = adminAction("deleteUser", deleteUserSchema, async (input, user) => {
  await deleteAdminUser(user, input.id);
  revalidatePath("/settings");
  return { id: input.id };
});
