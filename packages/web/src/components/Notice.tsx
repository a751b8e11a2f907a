import { useEffect, useRef } from "react";

/** What a notice offers besides dismissing it ("Undo"). */
export interface NoticeAction {
  label: string;
  run: () => void;
}

/** A message at the bottom of the screen until dismissed; errors are announced as alerts. */
export function Notice({
  kind,
  text,
  action,
  onDismiss,
}: {
  kind: "error" | "info";
  text: string;
  action?: NoticeAction | undefined;
  onDismiss: () => void;
}) {
  // Focus goes to the action: after a delete, the card that had it is gone.
  const actionRef = useRef<HTMLButtonElement>(null);
  useEffect(() => actionRef.current?.focus(), []);
  return (
    <div className={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      <span>{text}</span>
      {action && (
        <button
          ref={actionRef}
          type="button"
          onClick={() => {
            onDismiss();
            action.run();
          }}
        >
          {action.label}
        </button>
      )}
      <button type="button" className="quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
