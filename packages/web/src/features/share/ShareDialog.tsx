import { type FormEvent, useState } from "react";
import type { Share, Tag } from "../../api/types.ts";
import { Checkbox, Radio } from "../../components/Choice.tsx";
import { Modal } from "../../components/Modal.tsx";
import { ShownOnce, useShownOnce } from "../../components/ShownOnce.tsx";
import { ErrorMessage, LoadStatus } from "../../components/Status.tsx";
import { Table } from "../../components/Table.tsx";
import { useActionError } from "../../components/useActionError.ts";
import { useAsync } from "../../components/useAsync.ts";
import {
  type CreatedShare,
  createShare,
  listDocumentShares,
  type NewShare,
  revokeShare,
} from "./api.ts";
import { ShareUseCells } from "./ShareUseCells.tsx";
import "./share.css";

type Expiry = "none" | "date" | "days";

/** The local end of a `YYYY-MM-DD` day, as the API's ISO time. */
function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

const tomorrow = () => {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

/**
 * Sharing a document by link: the options of a new read-only link (label, expiry, notes, codes),
 * the link itself once, and the document's links with their views, each revocable.
 */
export function ShareDialog({
  ws,
  docId,
  codebook,
  onClose,
}: {
  ws: string;
  docId: string;
  codebook: Tag[];
  onClose: () => void;
}) {
  const [links, reload] = useAsync(() => listDocumentShares(ws, docId), [ws, docId]);
  const [label, setLabel] = useState("");
  const [expiry, setExpiry] = useState<Expiry>("none");
  const [day, setDay] = useState(tomorrow);
  const [days, setDays] = useState(30);
  const [includeNotes, setIncludeNotes] = useState(true);
  const [anonymous, setAnonymous] = useState(false);
  const [codes, setCodes] = useState<string[]>([]);
  const [created, setCreated, forget] = useShownOnce<CreatedShare>();
  const [busy, setBusy] = useState(false);
  const [error, run] = useActionError();

  const toggle = (id: string) =>
    setCodes((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));

  async function create(event: FormEvent) {
    event.preventDefault();
    const input: NewShare = { includeNotes, anonymous };
    if (label.trim()) input.label = label.trim();
    if (expiry === "date") input.expiresAt = endOfDay(day);
    if (expiry === "days") input.expiresInDays = days;
    if (codes.length > 0) input.tags = codes;
    setBusy(true);
    await run(async () => {
      setCreated(await createShare(ws, docId, input));
      reload();
    });
    setBusy(false);
  }

  const revoke = (share: Share) =>
    run(async () => {
      await revokeShare(ws, share.id);
      forget(share.id);
      reload();
    });

  const tagLabel = new Map(codebook.map((t) => [t.id, t.label]));
  return (
    <Modal className="share-dialog" labelledBy="share-title" onCancel={onClose}>
      <h2 id="share-title">Share by link</h2>
      <p className="hint">
        Anyone with the link can read this document and its highlights, without an account. They
        cannot change anything.
      </p>
      {created ? (
        <div className="share-created">
          <ShownOnce
            label="Link to the annotated document"
            value={`${window.location.origin}${created.url}`}
            what="the link"
          />
          <button type="button" onClick={() => setCreated(null)}>
            Create another link
          </button>
        </div>
      ) : (
        <form className="share-form" onSubmit={create} aria-label="New link">
          <label>
            Label
            <input
              maxLength={200}
              placeholder="e.g. for the Geneva briefing"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
          <fieldset>
            <legend>Expires</legend>
            <Radio
              className="choice"
              name="expiry"
              value="none"
              current={expiry}
              onChoose={setExpiry}
            >
              Never
            </Radio>
            <Radio
              className="choice"
              name="expiry"
              value="date"
              current={expiry}
              onChoose={setExpiry}
            >
              On
              <input
                type="date"
                aria-label="Expiry date"
                min={tomorrow()}
                value={day}
                disabled={expiry !== "date"}
                onChange={(e) => setDay(e.target.value)}
              />
            </Radio>
            <Radio
              className="choice"
              name="expiry"
              value="days"
              current={expiry}
              onChoose={setExpiry}
            >
              After
              <input
                type="number"
                aria-label="Days until expiry"
                min={1}
                max={3650}
                value={days}
                disabled={expiry !== "days"}
                onChange={(e) => setDays(Number(e.target.value))}
              />
              days
            </Radio>
          </fieldset>
          <Checkbox className="choice" checked={includeNotes} onChange={setIncludeNotes}>
            Include notes
          </Checkbox>
          <Checkbox className="choice" checked={anonymous} onChange={setAnonymous}>
            Hide who annotated and shared, and when (for people at risk)
          </Checkbox>
          <fieldset>
            <legend>Limit to codes (none picked: all passages)</legend>
            <div className="filters">
              {codebook.map((tag) => (
                <button
                  key={tag.id}
                  type="button"
                  data-tag={tag.id}
                  aria-pressed={codes.includes(tag.id)}
                  onClick={() => toggle(tag.id)}
                >
                  <span className="swatch" style={{ background: tag.color }} aria-hidden="true" />
                  {tag.label}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Create link
            </button>
          </div>
        </form>
      )}
      {error && <ErrorMessage error={error} />}
      <h3>Links of this document</h3>
      <LoadStatus state={links} onRetry={reload} />
      {links.status === "ready" &&
        (links.value.length === 0 ? (
          <p className="empty">No links yet.</p>
        ) : (
          <Table
            label="Links of this document"
            className="share-links"
            columns={["Label", "Created by", "Expires", "Views", "Last viewed"]}
          >
            {links.value.map((share) => (
              <tr key={share.id} data-share={share.id}>
                <td>
                  {share.label || <span className="hint">no label</span>}
                  <div className="hint">
                    {share.includeNotes ? "with notes" : "without notes"}
                    {share.anonymous && " · without names or times"}
                    {share.tags && ` · ${share.tags.map((t) => tagLabel.get(t) ?? t).join(", ")}`}
                  </div>
                </td>
                <td>{share.createdByName}</td>
                <ShareUseCells share={share} onRevoke={() => revoke(share)} />
              </tr>
            ))}
          </Table>
        ))}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
