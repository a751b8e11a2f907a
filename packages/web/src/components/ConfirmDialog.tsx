import type { ReactNode } from "react";
import { Modal } from "./Modal.tsx";

export interface Choice {
  label: string;
  value: string;
  danger?: boolean;
}

/**
 * A modal question with a few answers, on the native <dialog> (focus trap, Esc to cancel).
 * `onClose` gets the chosen value, or null when cancelled.
 */
export function ConfirmDialog({
  title,
  children,
  choices,
  onClose,
}: {
  title: string;
  children?: ReactNode;
  choices: Choice[];
  onClose: (value: string | null) => void;
}) {
  return (
    <Modal labelledBy="dialog-title" onCancel={() => onClose(null)}>
      <h2 id="dialog-title">{title}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" onClick={() => onClose(null)}>
          Cancel
        </button>
        {choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            className={choice.danger ? "danger" : "primary"}
            onClick={() => onClose(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </Modal>
  );
}
