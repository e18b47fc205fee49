"use client";
// Names and launches the previewed campaign through the server action, then opens its page.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button, Input } from "@/components/ui";
import type { CampaignDesign } from "@/lib/validation/campaigns";
import { createCampaignAction } from "../actions";

export function LaunchCampaignForm({ design, summary }: { design: CampaignDesign; summary: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Launch campaign"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const name = String(new FormData(e.currentTarget).get("name") ?? "");
        start(async () => {
          const result = await createCampaignAction({ ...design, name });
          if (!result.ok) {
            setError(result.error);
            return;
          }
          router.push(
            `/campaigns/${result.data.id}?launched=${result.data.members}&skipped=${result.data.skippedActive}`,
          );
        });
      }}
    >
      <label className="block min-w-64 flex-1 text-sm font-medium">
        Campaign name
        <Input name="name" required maxLength={120} placeholder="e.g. Spring upgrade asks" />
      </label>
      <Button type="submit" pending={pending}>
        {pending ? "Launching…" : "Launch campaign"}
      </Button>
      <p className="w-full text-xs text-slate-500">
        {summary}. The split is random and reproducible from a recorded seed.
      </p>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
