import { describeError } from "../api/client.ts";
import type { AsyncState } from "./useAsync.ts";

/** An error in words, with an optional retry. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A quiet loading line. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" aria-live="polite">
      {label}
    </p>
  );
}

/**
 * What a part of a page shows while its load is under way (a loading line) or after it failed (the
 * error with a retry); nothing once it is ready, when the part shows its value.
 */
export function LoadStatus({
  state,
  label,
  onRetry,
}: {
  state: AsyncState<unknown>;
  /** The loading line's words. */
  label?: string;
  onRetry: () => void;
}) {
  if (state.status === "loading") return <Loading label={label} />;
  if (state.status === "error") return <ErrorMessage error={state.error} onRetry={onRetry} />;
  return null;
}
