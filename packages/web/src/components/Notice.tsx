/** A message at the bottom of the screen until dismissed; errors are announced as alerts. */
export function Notice({
  kind,
  text,
  onDismiss,
}: {
  kind: "error" | "info";
  text: string;
  onDismiss: () => void;
}) {
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      <span>{text}</span>
      <button type="button" className="quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
