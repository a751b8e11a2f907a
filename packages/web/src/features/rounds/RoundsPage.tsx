import { useEffect, useState } from "react";
import { describeError } from "../../api/client.ts";
import { currentWorkspace } from "../../api/workspace.ts";
import { Link } from "../../app/router.tsx";
import { ErrorMessage, Loading } from "../../components/Status.tsx";
import { useAsync } from "../../components/useAsync.ts";
import { listMembers } from "../account/api.ts";
import { listTags } from "../codebook/api.ts";
import {
  closeRound,
  type Disagreement,
  getAgreement,
  getDisagreements,
  getDocumentText,
  getRound,
  listConsensus,
  listRounds,
  type Unit,
} from "./api.ts";
import { ConsensusList } from "./ConsensusList.tsx";
import { Resolution } from "./Resolution.tsx";
import "./rounds.css";

const fixed = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : v.toFixed(3);

/** `/rounds`: the workspace's coding rounds. */
export function RoundsPage() {
  const [state, reload] = useAsync(async () => {
    const ws = await currentWorkspace();
    return { ws: ws.id, rounds: await listRounds(ws.id) };
  }, []);
  if (state.status === "loading") return <Loading label="Loading the rounds…" />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={reload} />;
  return (
    <div className="page rounds-page">
      <h1>Coding rounds</h1>
      {state.value.rounds.length === 0 ? (
        <p>No rounds yet. An owner opens one through the API (POST …/rounds).</p>
      ) : (
        <ul>
          {state.value.rounds.map((r) => (
            <li key={r.id}>
              <Link href={`/rounds/${encodeURIComponent(r.id)}`}>Round {r.id}</Link> —{" "}
              {r.blind ? "blind, " : ""}
              {r.status}, {r.coderIds.length} coders, {r.documentIds.length} documents
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * `/rounds/:roundId`: agreement per code at a chosen unit and overlap, then one document's
 * disagreements side by side (a lane per coder), walked with j/k, each resolvable into the
 * consensus layer by adopting a coder's passage, merging passages, or writing one (`Resolution`).
 */
export function RoundPage({ roundId }: { roundId: string }) {
  const [unit, setUnit] = useState<Unit>("sentence");
  const [overlap, setOverlap] = useState(0.5);
  const [version, setVersion] = useState(0);
  const [state, reload] = useAsync(async () => {
    const ws = await currentWorkspace();
    const [round, members, tags] = await Promise.all([
      getRound(ws.id, roundId),
      listMembers(ws.id).catch(() => []),
      listTags(ws.id),
    ]);
    const names = new Map(members.map((m) => [m.userId, m.name]));
    const labels = new Map(tags.map((t) => [t.id, t.label]));
    const blindOpen = round.blind && round.status === "open";
    const canRead = !blindOpen || ws.role === "owner";
    const agreement = canRead ? await getAgreement(ws.id, roundId, unit, overlap) : null;
    return { ws, round, names, labels, agreement, canRead };
  }, [roundId, unit, overlap, version]);
  const [error, setError] = useState<string | null>(null);

  if (state.status === "loading") return <Loading label="Computing agreement…" />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={reload} />;
  const { ws, round, names, labels, agreement, canRead } = state.value;
  const name = (id: string) => names.get(id) ?? id;
  const label = (code: string | null) => (code ? (labels.get(code) ?? code) : "All codes");

  async function close() {
    setError(null);
    try {
      await closeRound(ws.id, round.id);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(`The round was not closed: ${describeError(e)}`);
    }
  }

  return (
    <div className="page rounds-page">
      <h1>Round {round.id}</h1>
      <p>
        {round.blind ? "Blind" : "Open"} round, {round.status}
        {round.closedAt ? ` on ${round.closedAt.slice(0, 10)}` : ""}. Coders:{" "}
        {round.coderIds.map(name).join(", ")}.
      </p>
      {error && <p role="alert">{error}</p>}
      {round.status === "open" && ws.role === "owner" && (
        <button type="button" onClick={close}>
          Close the round
        </button>
      )}
      {!canRead ? (
        <p>This round is blind and open: agreement appears when the owner closes it.</p>
      ) : (
        <>
          <fieldset className="round-options">
            <legend>Unit</legend>
            <label>
              Unit{" "}
              <select value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
                <option value="character">Characters</option>
                <option value="sentence">Sentences</option>
                <option value="paragraph">Paragraphs</option>
              </select>
            </label>
            <label>
              Overlap{" "}
              <select value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
                {[0.01, 0.25, 0.5, 0.75, 1].map((v) => (
                  <option key={v} value={v}>
                    {Math.round(v * 100)} %
                  </option>
                ))}
              </select>
            </label>
            <a
              href={`/api/workspaces/${encodeURIComponent(ws.id)}/rounds/${encodeURIComponent(round.id)}/report.html?unit=${unit}&overlap=${overlap}`}
            >
              Printable report
            </a>{" "}
            <a
              href={`/api/workspaces/${encodeURIComponent(ws.id)}/rounds/${encodeURIComponent(round.id)}/report.csv?unit=${unit}&overlap=${overlap}`}
            >
              CSV
            </a>
          </fieldset>
          <table className="data agreement-table">
            <caption>Agreement of all coders</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Units</th>
                <th scope="col">Percent</th>
                <th scope="col">Fleiss' κ</th>
                <th scope="col">Krippendorff's α</th>
                <th scope="col">α interval</th>
                <th scope="col">αu</th>
              </tr>
            </thead>
            <tbody>
              {agreement?.codes.map((c) => (
                <tr key={c.code ?? "all"}>
                  <th scope="row" dir="auto">
                    {label(c.code)}
                  </th>
                  <td>{c.units}</td>
                  <td>{fixed(c.percent)}</td>
                  <td>{fixed(c.fleissKappa)}</td>
                  <td data-testid={`alpha-${c.code ?? "all"}`}>{fixed(c.krippendorffAlpha)}</td>
                  <td>
                    {c.alphaInterval
                      ? `${fixed(c.alphaInterval.low)} – ${fixed(c.alphaInterval.high)}`
                      : "—"}
                  </td>
                  <td>{fixed(c.unitizedAlpha)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data agreement-table">
            <caption>Pairs of coders</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Coders</th>
                <th scope="col">Cohen's κ</th>
                <th scope="col">Krippendorff's α</th>
                <th scope="col">Disagreements</th>
              </tr>
            </thead>
            <tbody>
              {agreement?.codes.flatMap((c) =>
                c.pairs.map((p) => (
                  <tr key={`${c.code}-${p.coders.join()}`}>
                    <th scope="row" dir="auto">
                      {label(c.code)}
                    </th>
                    <td dir="auto">
                      {name(p.coders[0])} · {name(p.coders[1])}
                    </td>
                    <td data-testid={`kappa-${c.code ?? "all"}`}>{fixed(p.cohenKappa)}</td>
                    <td>{fixed(p.krippendorffAlpha)}</td>
                    <td>{p.disagreements}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {round.documentIds.map((documentId) => (
            <DisagreementView
              key={`${documentId}-${unit}-${overlap}`}
              ws={ws.id}
              roundId={round.id}
              documentId={documentId}
              unit={unit}
              overlap={overlap}
              name={name}
              label={label}
              codes={round.tagIds}
              canResolve={ws.role === "owner" && !(round.blind && round.status === "open")}
            />
          ))}
        </>
      )}
    </div>
  );
}

/**
 * One document's disagreements in a round and, for the owner, their resolution. Its props, like
 * the Resolution call here, are written out one per line and so look like the
 * readers' (`duplicates` pairs them by shape); each carries this page's own state.
 */
function DisagreementView(props: {
  ws: string;
  roundId: string;
  documentId: string;
  unit: Unit;
  overlap: number;
  name: (id: string) => string;
  label: (code: string) => string;
  codes: string[];
  canResolve: boolean;
}) {
  const { ws, roundId, documentId, unit, overlap, name, label, codes, canResolve } = props;
  const [state, reload] = useAsync(async () => {
    const [view, text, consensus] = await Promise.all([
      getDisagreements(ws, roundId, documentId, unit, overlap),
      getDocumentText(ws, documentId),
      listConsensus(ws, roundId),
    ]);
    return { view, text, consensus: consensus.filter((p) => p.documentId === documentId) };
  }, [ws, roundId, documentId, unit, overlap]);
  const [at, setAt] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const count = state.status === "ready" ? state.value.view.disagreements.length : 0;

  useEffect(() => {
    // j/k walk the disagreements, as in mail readers; not while typing in a field.
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if (event.key === "j") setAt((i) => Math.min(count - 1, i + 1));
      if (event.key === "k") setAt((i) => Math.max(0, i - 1));
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [count]);

  if (state.status === "loading") return <Loading label="Loading disagreements…" />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={reload} />;
  const { view, text, consensus } = state.value;
  const current: Disagreement | undefined = view.disagreements[at];

  function done(text: string, stored: boolean) {
    setMessage(text);
    if (stored) reload();
  }

  return (
    <section className="disagreements" aria-label={`Disagreements in document ${documentId}`}>
      <h2>Disagreements ({view.disagreements.length})</h2>
      <p className="hint">j / k: next / previous disagreement.</p>
      <ol className="disagreement-list">
        {view.disagreements.map((d, i) => (
          <li key={`${d.code}-${d.start}-${d.end}`} aria-current={i === at ? "true" : undefined}>
            <button type="button" onClick={() => setAt(i)}>
              <span dir="auto">{label(d.code)}</span>: “
              <span dir="auto">{text.slice(d.start, d.end).slice(0, 80)}</span>”
            </button>
          </li>
        ))}
      </ol>
      {current && (
        <Resolution
          key={`${current.code}-${current.start}-${current.end}`}
          ws={ws}
          roundId={roundId}
          documentId={documentId}
          text={text}
          current={current}
          lanes={view.lanes}
          codes={codes}
          canResolve={canResolve}
          name={name}
          label={label}
          onDone={done}
        />
      )}
      {message && <p role="status">{message}</p>}
      <ConsensusList
        ws={ws}
        roundId={roundId}
        passages={consensus}
        canWithdraw={canResolve}
        onDone={done}
      />
    </section>
  );
}
