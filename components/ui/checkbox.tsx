"use client";
// Checkbox on Radix (supports the "indeterminate" state used by select-all headers).
import type { ComponentProps } from "react";
import * as CheckboxPrimitive from "@radix-ui/react-checkbox";
import { Check, Minus } from "lucide-react";
import { cn } from "./cn";

export type CheckboxProps = ComponentProps<typeof CheckboxPrimitive.Root>;

export function Checkbox({ className, checked, ...props }: CheckboxProps) {
  return (
    <CheckboxPrimitive.Root
      checked={checked}
      className={cn(
        "peer inline-flex size-4 shrink-0 items-center justify-center rounded-[4px] border border-slate-400 bg-white text-white",
        "focus-visible:ring-2 focus-visible:ring-slate-400 focus-visible:ring-offset-1 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50",
        "data-[state=checked]:border-slate-900 data-[state=checked]:bg-slate-900 data-[state=indeterminate]:border-slate-900 data-[state=indeterminate]:bg-slate-900",
        "dark:border-slate-600 dark:bg-slate-950 dark:data-[state=checked]:border-slate-100 dark:data-[state=checked]:bg-slate-100 dark:data-[state=checked]:text-slate-900",
        "dark:data-[state=indeterminate]:border-slate-100 dark:data-[state=indeterminate]:bg-slate-100 dark:data-[state=indeterminate]:text-slate-900",
        className,
      )}
      {...props}
    >
      <CheckboxPrimitive.Indicator className="flex items-center justify-center">
        {checked === "indeterminate" ? (
          <Minus className="size-3" aria-hidden="true" />
        ) : (
          <Check className="size-3" aria-hidden="true" />
        )}
      </CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  );
}
