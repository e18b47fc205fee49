// Class-name helper shared by every component: clsx for conditionals, tailwind-merge so a
// caller's className can override a component's default utilities.
import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
