// Field selections shared by several services.

/** What a link looks like wherever it leaves the server. */
export const linkSelect = {
  id: true,
  claimId: true,
  eventId: true,
  stance: true,
  assertedDate: true,
  assertedPlace: true,
  assertedParticipants: true,
  assertedNumber: true,
  assertedUnit: true,
  numberTolerance: true,
  note: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;
