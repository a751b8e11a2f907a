import { useState } from "react";
import { describeError } from "../../api/client.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { type ConsensusPassage, withdrawConsensus } from "./api.ts";

/**
 * A document's part of a round's consensus layer; owners may withdraw a passage of it (after a
 * confirmation: the coders' passages it resolved count again). `onDone` reports the outcome as
 * the resolutions do, `stored` when the layer changed and must be read again.
 */
export function ConsensusList(props: {
  ws: string;
  roundId: string;
  passages: ConsensusPassage[];
  canWithdraw: boolean;
  onDone: (text: string, stored: boolean) => void;
}) {
  const { ws, roundId, passages, canWithdraw, onDone } = props;
  const [withdrawing, setWithdrawing] = useState<ConsensusPassage | null>(null);

  async function confirm(value: string | null) {
    const passage = withdrawing;
    setWithdrawing(null);
    if (value !== "withdraw" || !passage) return;
    try {
      await withdrawConsensus(ws, roundId, passage.id);
      onDone("Withdrawn from the consensus layer.", true);
    } catch (error) {
      onDone(describeError(error), false);
    }
  }

  return (
    <>
      <h3>Consensus layer ({passages.length})</h3>
      <ul>
        {passages.map((p) => (
          <li key={p.id}>
            <span dir="auto">{p.exact.slice(0, 120)}</span> ({p.resolution})
            {canWithdraw && (
              <>
                {" "}
                <button
                  type="button"
                  aria-label={`Withdraw the consensus passage “${p.exact.slice(0, 60)}”`}
                  onClick={() => setWithdrawing(p)}
                >
                  Withdraw
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {withdrawing && (
        <ConfirmDialog
          title="Withdraw this consensus passage?"
          choices={[{ label: "Withdraw passage", value: "withdraw", danger: true }]}
          onClose={(value) => void confirm(value)}
        >
          <p className="dialog-quote" dir="auto">
            “{withdrawing.exact.slice(0, 200)}”
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
