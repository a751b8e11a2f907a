/** A code as the findings name it: its colour and label. */
export function CodeChip({ label, color }: { label: string; color: string }) {
  return (
    <span className="chip">
      <span className="swatch" style={{ background: color }} aria-hidden="true" />
      {label}
    </span>
  );
}
