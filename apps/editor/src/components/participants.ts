// Asserted participants as the editor shows them: core's reading of the stored JSON, never null.
import { participantsOf as stored, type Participants } from '@claimline/core';

export function participantsOf(value: unknown): Participants {
  return stored(value) ?? { include: [], exclude: [], exclusive: false };
}
