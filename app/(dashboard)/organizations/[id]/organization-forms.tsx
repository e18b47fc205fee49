"use client";
// Admin forms on an organisation's page: details and staff flag, affiliation fixes, merge,
// manual financial contribution and code-of-conduct flag. Each calls one server action.
import { ActionForm, fieldClass } from "../action-form";
import { MemberPicker } from "../member-picker";
import {
  addCocFlagAction,
  mergeOrganizationsAction,
  recordManualPaymentAction,
  saveAffiliationAction,
  searchMembersForPickerAction,
  setStaffOrganizationAction,
  updateOrganizationAction,
} from "../actions";

type Option = { id: number; name: string };

export function OrganizationDetailsForm({
  org,
}: {
  org: { id: number; name: string; country: string | null; isStaffOrg: boolean };
}) {
  return (
    <div className="space-y-3">
      <ActionForm
        label="Organisation details"
        action={updateOrganizationAction}
        extra={{ id: org.id }}
        submit="Save details"
      >
        <label className="text-sm font-medium">
          Name
          <input name="name" defaultValue={org.name} required className={fieldClass} />
        </label>
        <label className="text-sm font-medium">
          Country (ISO code)
          <input
            name="country"
            defaultValue={org.country ?? ""}
            maxLength={2}
            className={`${fieldClass} w-24`}
          />
        </label>
      </ActionForm>
      <ActionForm
        label="Staff organisation"
        action={setStaffOrganizationAction}
        extra={{ id: org.id, isStaffOrg: !org.isStaffOrg }}
        submit={org.isStaffOrg ? "Unmark as staff organisation" : "Mark as staff organisation"}
        success="Updated"
      >
        <span className="text-sm text-slate-500">
          {org.isStaffOrg
            ? "This is the staff organisation: it is left out of rankings and reports."
            : "Mark your own company to leave it out of rankings and reports."}
        </span>
      </ActionForm>
    </div>
  );
}

const day = (d: string | null) => (d ? d.slice(0, 10) : "");

export function AffiliationForm({
  affiliation,
  orgId,
  options,
}: {
  affiliation?: { id: number; memberId: number; startsAt: string; endsAt: string | null };
  orgId: number;
  options: Option[];
}) {
  return (
    <ActionForm
      label={affiliation ? `Fix affiliation ${affiliation.id}` : "Add affiliation"}
      action={saveAffiliationAction}
      extra={affiliation ? { id: affiliation.id, memberId: affiliation.memberId } : {}}
      submit={affiliation ? "Save" : "Add affiliation"}
    >
      {!affiliation && <MemberPicker name="memberId" label="Member" search={searchMembersForPickerAction} />}
      <label className="text-sm font-medium">
        Organisation
        <select name="orgId" defaultValue={orgId} className={fieldClass}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        From
        <input
          name="startsAt"
          type="date"
          required
          defaultValue={day(affiliation?.startsAt ?? null)}
          className={fieldClass}
        />
      </label>
      <label className="text-sm font-medium">
        Until
        <input
          name="endsAt"
          type="date"
          defaultValue={day(affiliation?.endsAt ?? null)}
          className={fieldClass}
        />
      </label>
    </ActionForm>
  );
}

export function MergeForm({
  orgId,
  orgName,
  options,
}: {
  orgId: number;
  orgName: string;
  options: Option[];
}) {
  return (
    <ActionForm
      label="Merge organisations"
      action={mergeOrganizationsAction}
      extra={{ survivorId: orgId }}
      submit="Merge into this one"
      confirm={`Move everything of the chosen organisation into ${orgName}?`}
      success="Merged"
    >
      <label className="text-sm font-medium">
        Organisation to merge into {orgName}
        <select name="mergedId" required className={fieldClass} defaultValue="">
          <option value="" disabled>
            Choose…
          </option>
          {options
            .filter((o) => o.id !== orgId)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </select>
      </label>
    </ActionForm>
  );
}

export function ManualPaymentForm({ orgId }: { orgId: number }) {
  return (
    <ActionForm
      label="Record financial contribution"
      action={recordManualPaymentAction}
      extra={{ orgId }}
      submit="Record payment"
      success="Recorded"
    >
      <label className="text-sm font-medium">
        Amount
        <input name="amount" type="number" min={1} step="0.01" required className={`${fieldClass} w-28`} />
      </label>
      <label className="text-sm font-medium">
        Currency
        <input name="currency" defaultValue="usd" maxLength={3} className={`${fieldClass} w-20`} />
      </label>
      <label className="text-sm font-medium">
        Date
        <input name="occurredAt" type="date" required className={fieldClass} />
      </label>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" name="yearly" /> covers 12 months
      </label>
      <label className="text-sm font-medium">
        Note
        <input name="note" className={fieldClass} />
      </label>
    </ActionForm>
  );
}

export function CocFlagForm({ orgId }: { orgId: number }) {
  return (
    <ActionForm
      label="Add code-of-conduct flag"
      action={addCocFlagAction}
      extra={{ orgId }}
      submit="Add flag"
      success="Flag added"
    >
      <label className="text-sm font-medium">
        Date
        <input name="occurredAt" type="date" required className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        Note
        <input name="note" required className={`${fieldClass} w-72`} />
      </label>
    </ActionForm>
  );
}
