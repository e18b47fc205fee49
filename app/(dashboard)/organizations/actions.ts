"use server";
// Server actions of the Organisations area: schema → admin check (adminAction) → service → revalidate.
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/auth/action";
import {
  addCocFlag,
  mergeOrganizations,
  recordManualPayment,
  saveAffiliation,
  setPppRate,
  setPublicReportEnabled,
  setStaffOrganization,
  updateOrganization,
} from "@/lib/services/organizations";
import { creditManualContribution, updateActivityType } from "@/lib/services/contributions";
import { pickMembers } from "@/lib/data/member-picker";
import { memberPickerQuerySchema, type MemberPickerOption } from "@/lib/validation/members";
import {
  addCocFlagSchema,
  creditManualContributionSchema,
  mergeOrganizationsSchema,
  recordManualPaymentSchema,
  saveAffiliationSchema,
  setPppRateSchema,
  setPublicReportSchema,
  setStaffOrganizationSchema,
  updateActivityTypeSchema,
  updateOrganizationSchema,
} from "@/lib/validation/organizations";

const refresh = (id?: number) => {
  revalidatePath("/organizations");
  if (id) revalidatePath(`/organizations/${id}`);
};

export const updateOrganizationAction = adminAction(
  "updateOrganization",
  updateOrganizationSchema,
  async (input, user) => {
    const result = await updateOrganization(user, input);
    refresh(input.id);
    return result;
  },
);

export const setStaffOrganizationAction = adminAction(
  "setStaffOrganization",
  setStaffOrganizationSchema,
  async (input, user) => {
    const result = await setStaffOrganization(user, input.id, input.isStaffOrg);
    refresh(input.id);
    return result;
  },
);

export const saveAffiliationAction = adminAction(
  "saveAffiliation",
  saveAffiliationSchema,
  async (input, user) => {
    const result = await saveAffiliation(user, input);
    refresh(input.orgId);
    return result;
  },
);

/** The affiliation form's member picker: a light prefix query (no count), not the directory's search. */
export const searchMembersForPickerAction = adminAction(
  "searchMembersForPicker",
  memberPickerQuerySchema,
  async ({ q }): Promise<MemberPickerOption[]> => pickMembers(q),
);

export const mergeOrganizationsAction = adminAction(
  "mergeOrganizations",
  mergeOrganizationsSchema,
  async (input, user) => {
    const result = await mergeOrganizations(user, input);
    refresh(input.survivorId);
    return result;
  },
);

export const addCocFlagAction = adminAction("addCocFlag", addCocFlagSchema, async (input, user) => {
  const result = await addCocFlag(user, input);
  refresh(input.orgId);
  return result;
});

export const recordManualPaymentAction = adminAction(
  "recordManualPayment",
  recordManualPaymentSchema,
  async (input, user) => {
    const result = await recordManualPayment(user, input);
    refresh(input.orgId);
    return result;
  },
);

export const setPppRateAction = adminAction("setPppRate", setPppRateSchema, async (input, user) => {
  const result = await setPppRate(user, input);
  revalidatePath("/organizations/settings");
  return result;
});

export const updateActivityTypeAction = adminAction(
  "updateActivityType",
  updateActivityTypeSchema,
  async (input, user) => {
    const result = await updateActivityType(user, input);
    revalidatePath("/organizations/settings");
    return result;
  },
);

export const creditManualContributionAction = adminAction(
  "creditManualContribution",
  creditManualContributionSchema,
  async (input, user) => {
    const result = await creditManualContribution(user, input);
    refresh();
    return result;
  },
);

export const setPublicReportAction = adminAction(
  "setPublicReport",
  setPublicReportSchema,
  async (input, user) => {
    const result = await setPublicReportEnabled(user, input.enabled);
    revalidatePath("/organizations/settings");
    revalidatePath("/reports");
    return result;
  },
);
