"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import { requestConnectorSync } from "@/lib/jobs/queue";
import { connectConnector, revokeConnector } from "@/lib/services/connectors/connect";
import { UserFacingError } from "@/lib/services/errors";
import { connectConnectorSchema, connectorKindSchema } from "@/lib/validation/connectors";

export const connectConnectorAction = adminAction(
  "connectConnector",
  connectConnectorSchema,
  async (input, user) => {
    await connectConnector(input, user);
    // The first sync (the backfill) starts at once rather than at the next scheduled run.
    await requestConnectorSync(input.kind).catch((error) =>
      console.error("[connectors] sync request failed", error),
    );
    revalidatePath("/settings/connectors");
    return { kind: input.kind };
  },
);

export const revokeConnectorAction = adminAction(
  "revokeConnector",
  connectorKindSchema,
  async (input, user) => {
    await revokeConnector(input.kind, user);
    revalidatePath("/settings/connectors");
    return input;
  },
);

export const syncConnectorNowAction = adminAction("syncConnectorNow", connectorKindSchema, async (input) => {
  try {
    await requestConnectorSync(input.kind);
  } catch (error) {
    console.error("[connectors] sync request failed", error);
    throw new UserFacingError("Could not queue the sync: is the worker's database reachable?");
  }
  revalidatePath("/settings/connectors");
  return input;
});
