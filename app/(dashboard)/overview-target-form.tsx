"use client";
// Admin controls for Overview targets: add (metric, value, due date) and delete.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { addTargetSchema } from "@/lib/validation/targets";
import { addTargetAction, deleteTargetAction } from "./overview-actions";

export function AddTargetForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Add target"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = Object.fromEntries(new FormData(form));
        const parsed = addTargetSchema.safeParse({
          ...data,
          value: data.metric === "mrr_cents" ? Number(data.value) * 100 : data.value,
        });
        if (!parsed.success)
          return setError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
        start(async () => {
          const result = await addTargetAction(parsed.data);
          setError(result.ok ? null : result.error);
          if (result.ok) form.reset();
        });
      }}
    >
      <label className="text-sm font-medium">
        Metric
        <Select
          name="metric"
          className="mt-1 w-48"
          options={[
            { value: "contributors", label: "Contributors" },
            { value: "active_members", label: "Active members" },
            { value: "paying_members", label: "Paying members" },
            { value: "mrr_cents", label: "MRR (dollars)" },
          ]}
        />
      </label>
      <label className="text-sm font-medium">
        Value
        <Input name="value" type="number" min="1" step="any" required className="mt-1 w-32" />
      </label>
      <label className="text-sm font-medium">
        Due date
        <Input name="dueDate" type="date" required className="mt-1 w-40" />
      </label>
      <Button type="submit" size="sm" pending={pending}>
        Add target
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}

export function DeleteTargetButton({ id }: { id: number }) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={pending}
      onClick={() => start(async () => void (await deleteTargetAction({ id })))}
      aria-label={`Delete target ${id}`}
    >
      Delete
    </Button>
  );
}
