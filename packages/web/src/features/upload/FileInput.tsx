import type { ReactNode } from "react";
import { ACCEPT, refusal } from "./check.ts";

/**
 * A file field for a document source (PDF, Word, HTML, Markdown or text). `onPick` gets the file
 * and, when Gloss cannot take it, the reason, before anything is sent.
 */
export function FileInput({
  label,
  disabled,
  onPick,
}: {
  label: ReactNode;
  disabled?: boolean;
  onPick: (file: File | null, refused: Error | null) => void;
}) {
  return (
    <label>
      {label} <span className="hint">(PDF, Word .docx, HTML, Markdown or text)</span>
      <input
        name="file"
        type="file"
        accept={ACCEPT}
        disabled={disabled}
        onChange={(e) => {
          const picked = e.target.files?.[0] ?? null;
          const reason = picked && refusal(picked);
          onPick(picked, reason ? new Error(reason) : null);
        }}
      />
    </label>
  );
}
