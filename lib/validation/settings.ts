// Input schemas for Settings forms, shared by the client forms and the server actions.
import { z } from "zod";
import { idSchema } from "./id";

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  name: z.string().trim().max(120).optional(),
  role: z.enum(["admin", "viewer"]),
  password: z.string().min(10, "at least 10 characters").max(200),
});

export const createTokenSchema = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.enum(["events:write", "imports:write", "read"])).min(1),
});

export const revokeTokenSchema = z.object({ id: idSchema });

export const timeZoneSchema = z.object({
  timeZone: z
    .string()
    .refine((tz) => Intl.supportedValuesOf("timeZone").includes(tz) || tz === "UTC", "unknown time zone"),
});

const newPassword = z.string().min(10, "at least 10 characters").max(200);

export const changePasswordSchema = z
  .object({ current: z.string().min(1).max(200), next: newPassword, confirm: z.string().max(200) })
  .refine((v) => v.next === v.confirm, { message: "the two new passwords differ", path: ["confirm"] });

export const updateUserSchema = z.object({
  id: idSchema,
  role: z.enum(["admin", "viewer"]).optional(),
  disabled: z.boolean().optional(),
});

export const deleteUserSchema = z.object({ id: idSchema });
