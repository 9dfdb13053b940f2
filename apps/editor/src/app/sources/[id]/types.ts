import type { Outputs } from '~/trpc/react.tsx';

export type Source = Outputs['source']['get'];
export type Claim = Outputs['claim']['listBySource']['items'][number];
export type ClaimLink = Claim['links'][number];
