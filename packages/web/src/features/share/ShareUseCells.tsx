import type { Share } from "../../api/types.ts";
import { DangerButton } from "../../components/Table.tsx";
import { dateTime } from "../account/format.ts";

/**
 * The cells both tables of share links end a row with: when the link expires, how often and when
 * it was last opened, and its revoke button.
 */
export function ShareUseCells({ share, onRevoke }: { share: Share; onRevoke: () => void }) {
  return (
    <>
      <td>{dateTime(share.expiresAt, "never")}</td>
      <td>{share.views}</td>
      <td>{dateTime(share.lastViewedAt, "never")}</td>
      <td className="row-actions">
        <DangerButton onClick={onRevoke}>Revoke</DangerButton>
      </td>
    </>
  );
}
