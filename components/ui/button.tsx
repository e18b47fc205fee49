"use client";
// Button with variants and sizes; `asChild` renders the styles onto its child (e.g. a
// next/link) through Radix Slot so links look like buttons without nesting <a> in <button>.
import type { ComponentProps } from "react";
import { Slot } from "@radix-ui/react-slot";
import { buttonClasses, type ButtonSize, type ButtonVariant } from "./button-classes";

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  asChild?: boolean;
};

export function Button({ variant, size, asChild = false, className, type, ...props }: ButtonProps) {
  if (asChild) return <Slot className={buttonClasses({ variant, size }, className)} {...props} />;
  return (
    <button type={type ?? "button"} className={buttonClasses({ variant, size }, className)} {...props} />
  );
}
