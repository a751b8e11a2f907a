import type { ReactNode } from "react";

/** A list as a table: the named columns, then an unnamed one for each row's actions. */
export function Table({
  label,
  className,
  columns,
  children,
}: {
  label: string;
  className?: string;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <table className={className ? `table ${className}` : "table"} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column}>{column}</th>
          ))}
          <th>
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A quiet button for an action that takes something away (revoke, remove, delete). */
export function DangerButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <button type="button" className="quiet danger-text" onClick={onClick}>
      {children}
    </button>
  );
}
