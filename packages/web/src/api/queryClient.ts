import { QueryClient } from "@tanstack/react-query";

/**
 * The reader's one cache of server state. Defaults keep the behaviour the pages had before the
 * query layer: a failed request shows its error at once (the pages offer "Try again"), and
 * switching back to the tab does not refetch (a long read would otherwise reload under the
 * reader). Each query sets its own stale time.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    mutations: { retry: false },
  },
});
