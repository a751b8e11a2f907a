import { type DialogHTMLAttributes, type ReactNode, useEffect, useRef } from "react";

/**
 * A modal on the native <dialog>, open while it is mounted: the browser traps focus, and Esc
 * calls `onCancel` instead of closing it behind React's back.
 */
export function Modal({
  className,
  labelledBy,
  onCancel,
  children,
  ...rest
}: Omit<DialogHTMLAttributes<HTMLDialogElement>, "onCancel" | "open"> & {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      {...rest}
      ref={ref}
      className={className ? `dialog ${className}` : "dialog"}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
