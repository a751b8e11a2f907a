import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";

const SHORTCUTS: Array<[string, string]> = [
  ["j / k", "Next / previous annotation"],
  ["s", "Select the sentence at the reading position; again to extend by a sentence"],
  ["Shift+s", "Take the last sentence off the selection"],
  ["w / b", "Select the next / previous word, to start a selection anywhere"],
  ["Shift+→ / Shift+←", "Extend / shrink the selection by a word"],
  ["t", "Tag the selection"],
  ["1–9, Enter", "In the tag popover: pick codes, save"],
  ["e", "Edit the focused annotation"],
  ["Delete", "Delete the focused annotation (Undo follows)"],
  ["Esc", "Close, or clear the selection"],
  ["?", "This help"],
];

/** The keyboard shortcuts, on `?`. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <ConfirmDialog title="Keyboard shortcuts" choices={[]} onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </ConfirmDialog>
  );
}
