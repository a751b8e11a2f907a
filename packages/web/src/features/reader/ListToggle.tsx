/**
 * The button that opens and closes the annotation list on narrow screens (CSS shows it there
 * only; on wide screens the list is always beside the text).
 */
export function ListToggle({
  open,
  count,
  label = "Annotations",
  onToggle,
}: {
  open: boolean;
  count: number;
  label?: string;
  onToggle: (open: boolean) => void;
}) {
  return (
    <button
      type="button"
      className="list-toggle primary"
      aria-expanded={open}
      aria-controls="annotation-list"
      onClick={() => onToggle(!open)}
    >
      {open ? "Back to the text" : `${label} (${count})`}
    </button>
  );
}
