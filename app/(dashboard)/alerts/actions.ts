"use server";
// Alert triage for the dashboard: schema → admin check → service.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idSchema } from "@/lib/validation/id";
import { adminAction } from "@/lib/auth/action";
import { alertToOutreach, dismissAlerts, restoreAlerts, snoozeAlerts } from "@/lib/services/alert-triage";

const ids = z.array(idSchema).min(1).max(200);

function revalidate() {
  revalidatePath("/alerts");
  revalidatePath("/");
}

export const dismissAlertsAction = adminAction("dismissAlerts", z.object({ ids }), async (input, user) => {
  const n = await dismissAlerts(user, input.ids);
  revalidate();
  return { count: n };
});

export const snoozeAlertsAction = adminAction(
  "snoozeAlerts",
  z.object({ ids, days: z.coerce.number().int().min(1).max(90) }),
  async (input, user) => {
    const n = await snoozeAlerts(user, input.ids, input.days);
    revalidate();
    return { count: n };
  },
);

export const restoreAlertsAction = adminAction("restoreAlerts", z.object({ ids }), async (input, user) => {
  const n = await restoreAlerts(user, input.ids);
  revalidate();
  return { count: n };
});

export const alertToOutreachAction = adminAction(
  "alertToOutreach",
  z.object({ id: idSchema }),
  async (input, user) => {
    const result = await alertToOutreach(user, input.id);
    revalidate();
    revalidatePath("/outreach");
    return result;
  },
);
