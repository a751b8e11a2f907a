import type { ReactNode } from "react";

/**
 * A radio button inside its label, checked when its `value` is the group's `current`; the label's
 * text (and any input that belongs to the choice, such as a date) is `children`.
 */
export function Radio<T extends string>({
  name,
  value,
  current,
  onChoose,
  className,
  children,
}: {
  name: string;
  value: T;
  current: T;
  onChoose: (value: T) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input
        type="radio"
        name={name}
        checked={current === value}
        onChange={() => onChoose(value)}
      />
      {children}
    </label>
  );
}

/** A checkbox inside its label. */
export function Checkbox({
  checked,
  onChange,
  className,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
