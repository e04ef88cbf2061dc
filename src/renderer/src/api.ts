import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { CommandName, InputOf, OutputOf, QueryName } from '../../shared/contract/api';
import type { Transport } from './transport/types';

export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('useTransport outside of <TransportContext>');
  return t;
}

/** A contract query through react-query; its key starts with the call name, which `changed` events invalidate. */
export function useCall<K extends QueryName>(name: K, input: InputOf<K>): UseQueryResult<OutputOf<K>> {
  const transport = useTransport();
  return useQuery({
    queryKey: [name, input],
    queryFn: () => transport.call(name, input),
    staleTime: Infinity,
    // Keep showing the last picture while a refetch is on its way or the host is away.
    placeholderData: (previous) => previous,
    retry: (count) => count < 1000,
    retryDelay: (attempt) => Math.min(10_000, 500 * 2 ** attempt),
  });
}

export function useCommand<K extends CommandName>(name: K) {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<K>) => transport.call(name, input),
    onSettled: () => client.invalidateQueries({ queryKey: ['wallboard.snapshot'] }),
  });
}
