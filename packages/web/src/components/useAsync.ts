import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useId, useMemo } from "react";

export type AsyncState<T> =
  | { status: "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; value: T };

/**
 * A page's own load, on the query layer: runs `load` when `deps` change (keeping the previous
 * answer on screen meanwhile), `reload` runs it again, `replace` puts a value in its place after a
 * write. Keyed by the calling component and `deps`, and dropped when the component unmounts, so
 * each page opens with a fresh answer as before; data shared between pages has its own query
 * (see queryKeys.ts).
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const client = useQueryClient();
  const queryKey = ["page", useId(), ...deps];
  const query = useQuery({
    queryKey,
    queryFn: load,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const hash = JSON.stringify(queryKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is named by its hash
  const replace = useCallback((value: T) => client.setQueryData(queryKey, value), [client, hash]);
  // The same object until the answer changes: pages run effects on it.
  const { status, data, error } = query;
  const state = useMemo(
    (): AsyncState<T> =>
      status === "error"
        ? { status: "error", error }
        : status === "pending"
          ? { status: "loading" }
          : { status: "ready", value: data },
    [status, data, error],
  );
  return [state, reload, replace] as const;
}
