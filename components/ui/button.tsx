"use client";
// Button with variants and sizes; `asChild` renders the styles onto its child (e.g. a
// next/link) through Radix Slot so links look like buttons without nesting <a> in <button>.
import type { ComponentProps } from "react";
import { Slot } from "@radix-ui/react-slot";
import { buttonClasses, type ButtonSize, type ButtonVariant } from "./button-classes";
import { cn } from "./cn";

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  asChild?: boolean;
  /**
   * Its action is running: looks disabled and ignores clicks, but keeps the keyboard focus (a `disabled` button
   * drops it to the page's top, so a keyboard user who pressed it had to tab back from the start).
   */
  pending?: boolean;
};

export function Button({
  variant,
  size,
  asChild = false,
  className,
  type,
  pending = false,
  onClick,
  ...props
}: ButtonProps) {
  if (asChild) return <Slot className={buttonClasses({ variant, size }, className)} {...props} />;
  return (
    <button
      {...props}
      type={type ?? "button"}
      className={buttonClasses({ variant, size }, cn(pending && "pointer-events-none opacity-50", className))}
      aria-disabled={pending || props["aria-disabled"]}
      aria-busy={pending || undefined}
      onClick={pending ? (event) => event.preventDefault() : onClick}
    />
  );
}
