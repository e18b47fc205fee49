"use client";
// A member combobox (WAI-ARIA combobox with a listbox popup): type a name, email or handle, pick with the
// arrow keys and Enter or the mouse. Submits the chosen member's id as `name`; the server action validates it.
import { useEffect, useId, useRef, useState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { MemberPickerOption } from "@/lib/validation/members";
import { cn } from "@/components/ui/cn";
import { fieldClass } from "./action-form";

export function MemberPicker({
  name,
  label,
  search,
}: {
  name: string;
  label: string;
  search: (input: { q: string }) => Promise<ActionResult<MemberPickerOption[]>>;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [options, setOptions] = useState<MemberPickerOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<MemberPickerOption | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (chosen || q.length < 2) return;
    const ticket = ++latest.current;
    // Debounced; an answer to an older query is dropped so results never jump back.
    const timer = setTimeout(async () => {
      const result = await search({ q });
      if (ticket !== latest.current) return;
      const found = result.ok ? result.data : [];
      setOptions(found);
      setActive(found.length > 0 ? 0 : -1);
      setOpen(true);
      setNote(result.ok ? (found.length === 0 ? "No member matches." : null) : result.error);
    }, 200);
    return () => clearTimeout(timer);
  }, [text, chosen, search]);

  const choose = (option: MemberPickerOption) => {
    setChosen(option);
    setText(option.name);
    setOpen(false);
  };
  const shown = open && options.length > 0;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  return (
    <div className="relative text-sm font-medium">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        placeholder="Name, email or handle"
        value={text}
        className={cn(fieldClass, "w-64")}
        onChange={(e) => {
          setText(e.target.value);
          setChosen(null);
          if (e.target.value.trim().length < 2) setOpen(false);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            if (!open) return setOpen(options.length > 0 || note !== null);
            const step = e.key === "ArrowDown" ? 1 : -1;
            if (options.length > 0) setActive((a) => (a + step + options.length) % options.length);
          } else if (e.key === "Enter" && shown && active >= 0 && options[active]) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === "Escape" && open) {
            e.preventDefault();
            setOpen(false);
          }
        }}
      />
      <input type="hidden" name={name} value={chosen?.id ?? ""} />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!shown}
        className="absolute z-10 mt-1 max-h-64 w-80 overflow-auto rounded-md border border-slate-200 bg-white py-1 font-normal shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {options.map((o, i) => (
          <li
            key={o.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={cn("cursor-pointer px-3 py-1.5", i === active && "bg-indigo-50 dark:bg-indigo-950")}
            // Chosen on mousedown, before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(o);
            }}
          >
            <span className="block truncate">{o.name}</span>
            {o.email && <span className="block truncate text-xs text-slate-500">{o.email}</span>}
          </li>
        ))}
      </ul>
      {/* Outside the listbox, whose children may only be options; announced as it changes. */}
      <p aria-live="polite" className="absolute top-full mt-1 text-xs font-normal text-slate-500">
        {open && note}
      </p>
    </div>
  );
}
