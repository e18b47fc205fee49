"use client";
// Settings → Plans: each plan's name, monthly price and tier order, editable by admins (audited).
import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Button, Input } from "@/components/ui";
import type { PlanRow } from "@/lib/data/plans";
import { updatePlanAction } from "./plan-actions";

function PlanForm({ plan, canEdit }: { plan: PlanRow; canEdit: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await updatePlanAction({
        id: plan.id,
        name: String(form.get("name")),
        monthlyPrice: Number(form.get("monthlyPrice")),
        tierRank: Number(form.get("tierRank")),
      });
      setMessage(
        result.ok
          ? { text: `Saved ${result.data.name}.`, error: false }
          : { text: result.error, error: true },
      );
      router.refresh();
    });
  };
  return (
    <form
      onSubmit={onSubmit}
      aria-label={`Plan ${plan.key}`}
      className="grid items-end gap-2 border-t border-slate-100 px-3 py-2 text-sm sm:grid-cols-[8rem_1fr_8rem_6rem_auto]"
    >
      <span className="font-mono text-xs text-slate-600">{plan.key}</span>
      <label className="grid gap-1 text-xs">
        Name
        <Input name="name" defaultValue={plan.name} required maxLength={80} disabled={!canEdit} />
      </label>
      <label className="grid gap-1 text-xs">
        Monthly price ({plan.currency.toUpperCase()})
        <Input
          name="monthlyPrice"
          type="number"
          min={0}
          step="0.01"
          defaultValue={(plan.monthlyAmountCents / 100).toFixed(2)}
          disabled={!canEdit}
        />
      </label>
      <label className="grid gap-1 text-xs">
        Tier
        <Input
          name="tierRank"
          type="number"
          min={0}
          max={20}
          defaultValue={plan.tierRank}
          disabled={!canEdit}
        />
      </label>
      {canEdit ? (
        <Button type="submit" size="sm" pending={pending}>
          Save
        </Button>
      ) : (
        <span />
      )}
      <p className="text-xs text-slate-600 sm:col-span-5">
        {plan.membersOnTier.toLocaleString("en-US")} member{plan.membersOnTier === 1 ? "" : "s"} on tier{" "}
        {plan.tierRank}.{!plan.named && " Not named yet: pages show the name above until you save one."}
        {message && (
          <span
            role={message.error ? "alert" : "status"}
            className={message.error ? "text-red-700" : "text-emerald-800"}
          >
            {" "}
            {message.text}
          </span>
        )}
      </p>
    </form>
  );
}

export function PlansSection({ plans, canEdit }: { plans: PlanRow[]; canEdit: boolean }) {
  return (
    <section aria-labelledby="plans-heading" className="space-y-3">
      <h2 id="plans-heading" className="text-lg font-semibold">
        Plans
      </h2>
      <p className="text-sm text-slate-600">
        Names and prices as pages show them, and the tier order (0 = free; higher is a higher tier) that
        decides what counts as an upgrade or a downgrade. The key is what billing sends and stays fixed. Each
        change is in the audit log; a new tier order applies to subscription changes recorded from then on.
      </p>
      {plans.length === 0 ? (
        <p className="text-sm text-slate-600">No plans yet: they arrive with the first billing import.</p>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white">
          {plans.map((p) => (
            // Keyed by id alone: a key holding the saved values remounted the form on the refresh after a
            // save and dropped its "Saved …" message (the fields already show what was saved).
            <PlanForm key={p.id} plan={p} canEdit={canEdit} />
          ))}
        </div>
      )}
    </section>
  );
}
