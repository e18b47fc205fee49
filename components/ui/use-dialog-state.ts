"use client";
// A controlled dialog with an error line: closing it (Cancel, Escape, or `close` after a success) clears the
// error, so it never greets the next opening.
import { useState } from "react";

export function useDialogState<E = string>(options: { onClose?: () => void } = {}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<E | null>(null);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) return;
    setError(null);
    options.onClose?.();
  };
  /** `props` go on the dialog (`<SimpleDialog {...props}>`); `close` after a success. */
  return { props: { open, onOpenChange }, error, setError, close: () => onOpenChange(false) };
}
