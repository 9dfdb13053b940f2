// One QueryClient configuration for the browser and for server components' prefetching.
import { defaultShouldDehydrateQuery, QueryClient } from '@tanstack/react-query';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
      dehydrate: {
        // Server components call procedures directly and get Dates; the browser's client gets JSON.
        // Handing over JSON keeps one shape in the cache whichever way the data arrived.
        serializeData: (data: unknown): unknown => (data === undefined ? data : (JSON.parse(JSON.stringify(data)) as unknown)),
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query),
      },
    },
  });
}
