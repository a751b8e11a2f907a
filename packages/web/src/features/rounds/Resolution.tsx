import { useRef, useState } from "react";
import { describeError } from "../../api/client.ts";
import {
  adoptPassage,
  type Disagreement,
  type DocumentDisagreements,
  mergePassages,
  writeConsensus,
} from "./api.ts";

interface Props {
  ws: string;
  roundId: string;
  documentId: string;
  /** The document's current text, which every offset indexes into. */
  text: string;
  current: Disagreement;
  lanes: DocumentDisagreements["lanes"];
  /** The round's codes, in its order. */
  codes: string[];
  canResolve: boolean;
  name: (id: string) => string;
  label: (code: string) => string;
  /** Called with what was done once a resolution is stored, or with why it was not. */
  onDone: (message: string, stored: boolean) => void;
}

/**
 * One disagreement side by side, a lane per coder, and its three resolutions into the round's
 * consensus layer: adopt one coder's passage; merge the chosen passages (their union span, with
 * the codes chosen); or write a consensus passage by selecting its text in the consensus lane
 * (a text field that keeps the document's text, so the selection can be made with Shift+arrows as
 * well as the mouse, and its offsets are the field's own, in UTF-16 units like the API's).
 */
export function Resolution(props: Props) {
  const { ws, roundId, documentId, text, current, lanes, codes, canResolve, name, label } = props;
  const [chosen, setChosen] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([current.code]);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const touching = lanes.map((lane) => ({
    coder: lane.coder,
    passages: lane.passages.filter(
      (p) => p.start < current.end && p.end > current.start && p.tags.includes(current.code),
    ),
  }));
  const all = touching.flatMap((lane) => lane.passages);
  // The consensus lane shows the unit and every passage touching it, whole.
  const region = {
    start: Math.min(current.start, ...all.map((p) => p.start)),
    end: Math.max(current.end, ...all.map((p) => p.end)),
  };

  async function run(action: () => Promise<unknown>, done: string, failed: string) {
    setBusy(true);
    try {
      await action();
      props.onDone(done, true);
    } catch (e) {
      props.onDone(`${failed}: ${describeError(e)}`, false);
    } finally {
      setBusy(false);
    }
  }
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);

  function write() {
    const field = area.current;
    const start = region.start + (field?.selectionStart ?? 0);
    const end = region.start + (field?.selectionEnd ?? 0);
    if (!field || start >= end) {
      props.onDone("Select the consensus passage's text in the consensus lane first.", false);
      return;
    }
    void run(
      () =>
        writeConsensus(ws, roundId, {
          documentId,
          start,
          end,
          exact: text.slice(start, end),
          tags,
          resolvedFrom: chosen,
        }),
      "Written into the consensus layer.",
      "Not written",
    );
  }

  return (
    <div className="lanes" data-testid="current-disagreement">
      <p>
        Coded by {current.coded.map(name).join(", ")}; not by{" "}
        {current.notCoded.map(name).join(", ")}.
      </p>
      {touching.map((lane) => (
        <div className="lane" key={lane.coder}>
          <h3 dir="auto">{name(lane.coder)}</h3>
          {lane.passages.length === 0 ? (
            <p>No passage here.</p>
          ) : (
            lane.passages.map((p) => (
              <div key={p.id} className="lane-passage">
                <p>
                  “<span dir="auto">{text.slice(p.start, p.end)}</span>”
                </p>
                {canResolve && (
                  <p>
                    <label>
                      <input
                        type="checkbox"
                        checked={chosen.includes(p.id)}
                        onChange={(e) => setChosen((c) => toggle(c, p.id, e.target.checked))}
                      />{" "}
                      Choose {name(lane.coder)}’s passage
                    </label>{" "}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        run(
                          () => adoptPassage(ws, roundId, p.id),
                          "Adopted into the consensus layer.",
                          "Not adopted",
                        )
                      }
                    >
                      Adopt {name(lane.coder)}’s passage
                    </button>
                  </p>
                )}
              </div>
            ))
          )}
        </div>
      ))}
      {canResolve && (
        <div className="lane consensus-lane">
          <h3>Consensus</h3>
          <fieldset>
            <legend>Codes of the consensus passage</legend>
            {codes.map((code) => (
              <label key={code}>
                <input
                  type="checkbox"
                  checked={tags.includes(code)}
                  onChange={(e) => setTags((t) => toggle(t, code, e.target.checked))}
                />{" "}
                <span dir="auto">{label(code)}</span>
              </label>
            ))}
          </fieldset>
          <button
            type="button"
            disabled={busy || chosen.length < 2 || tags.length === 0}
            onClick={() =>
              run(
                () => mergePassages(ws, roundId, chosen, tags),
                "Merged into the consensus layer.",
                "Not merged",
              )
            }
          >
            Merge the chosen passages
          </button>
          <label className="consensus-text">
            Consensus text
            <textarea
              ref={area}
              // Not `readOnly`: Chromium moves no caret in a read-only field, so the selection
              // could not be made from the keyboard. Edits are undone at once (the value is the
              // document's text), and assistive technology is told it is read-only.
              aria-readonly="true"
              onChange={() => {}}
              spellCheck={false}
              dir="auto"
              rows={4}
              value={text.slice(region.start, region.end)}
              aria-describedby={`consensus-hint-${documentId}`}
            />
          </label>
          <p className="hint" id={`consensus-hint-${documentId}`}>
            Select the passage in the text (Shift + arrow keys, or the mouse), choose its codes and
            the passages it replaces, then write it.
          </p>
          <button type="button" disabled={busy || tags.length === 0} onClick={write}>
            Write the consensus passage
          </button>
        </div>
      )}
    </div>
  );
}
