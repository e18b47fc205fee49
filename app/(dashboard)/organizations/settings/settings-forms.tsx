"use client";
// Forms of the contribution settings: one row per activity type, one per PPP rate, the public
// report switch and crediting a manual contribution.
import { ActionForm, fieldClass } from "../action-form";
import { MemberPicker } from "../member-picker";
import {
  creditManualContributionAction,
  searchMembersForPickerAction,
  setPppRateAction,
  setPublicReportAction,
  updateActivityTypeAction,
} from "../actions";

export function ActivityTypeRow({
  type,
  label,
  weight,
  isContribution,
  disabled,
}: {
  type: string;
  label: string;
  weight: number;
  isContribution: boolean;
  disabled: boolean;
}) {
  return (
    <ActionForm
      label={`Activity type ${label}`}
      action={updateActivityTypeAction}
      extra={{ type }}
      submit="Save"
      className="border-t border-slate-100 py-2 dark:border-slate-800"
    >
      <span className="w-48 text-sm font-medium">
        {label} <code className="text-xs text-slate-500">{type}</code>
      </span>
      <label className="text-sm">
        Weight
        <input
          name="weight"
          type="number"
          step="0.1"
          min={0}
          defaultValue={weight}
          disabled={disabled}
          className={`${fieldClass} w-24`}
        />
      </label>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" name="isContribution" defaultChecked={isContribution} disabled={disabled} />{" "}
        counts as a contribution
      </label>
    </ActionForm>
  );
}

export function PppRateForm({ country, factor }: { country?: string; factor?: number }) {
  return (
    <ActionForm
      label={country ? `PPP factor for ${country}` : "Add PPP factor"}
      action={setPppRateAction}
      extra={country ? { country } : {}}
      submit={country ? "Save" : "Add"}
    >
      {country ? (
        <span className="w-10 font-mono text-sm">{country}</span>
      ) : (
        <label className="text-sm">
          Country
          <input name="country" maxLength={2} required className={`${fieldClass} w-20`} />
        </label>
      )}
      <label className="text-sm">
        Factor
        <input
          name="factor"
          type="number"
          step="0.01"
          min={0.01}
          defaultValue={factor}
          required
          className={`${fieldClass} w-24`}
        />
      </label>
    </ActionForm>
  );
}

export function PublicReportToggle({ enabled }: { enabled: boolean }) {
  return (
    <ActionForm
      label="Public report"
      action={setPublicReportAction}
      extra={{ enabled: !enabled }}
      submit={enabled ? "Turn the public report off" : "Turn the public report on"}
      success="Updated"
    >
      <span className="text-sm">
        The public page <code>/report/public</code> is <strong>{enabled ? "on" : "off"}</strong>. It shows
        aggregates and the names of people who have not opted out.
      </span>
    </ActionForm>
  );
}

export function ManualContributionForm() {
  return (
    <ActionForm
      label="Credit a manual contribution"
      action={creditManualContributionAction}
      submit="Credit contribution"
      success="Credited"
    >
      {/* Found by name, email or handle: a new admin does not know members' ids. */}
      <MemberPicker name="memberId" label="Member" search={searchMembersForPickerAction} />
      <label className="text-sm font-medium">
        Date
        <input name="occurredAt" type="date" required className={fieldClass} />
      </label>
      <label className="text-sm font-medium">
        What they did
        <input name="note" required className={`${fieldClass} w-80`} />
      </label>
    </ActionForm>
  );
}
