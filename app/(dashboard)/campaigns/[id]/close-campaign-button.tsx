"use client";
// Closes an active campaign early (its members become free for other campaigns); results keep
// being measured to the horizon.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui";
import { closeCampaignAction } from "../actions";

export function CloseCampaignButton({ id }: { id: number }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        variant="outline"
        pending={pending}
        onClick={() => {
          if (
            !window.confirm(
              "Close this campaign? Its members become available to new campaigns; outcomes are still measured to the horizon.",
            )
          )
            return;
          start(async () => {
            const result = await closeCampaignAction({ id });
            setError(result.ok ? null : result.error);
          });
        }}
      >
        Close campaign
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
