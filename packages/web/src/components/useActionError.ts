import { useCallback, useState } from "react";
import { describeError } from "../api/client.ts";

/**
 * Runs what a button or form asks for, keeping the failure of the last run as a message to show.
 * Each run clears the previous message first.
 */
export function useActionError() {
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(describeError(err));
    }
  }, []);
  return [error, run] as const;
}
