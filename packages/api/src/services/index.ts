// Service functions: the editorial rules, taking a database or transaction. Routers and the CLI call these.
export * from './audit.ts';
export * from './sources.ts';
export * from './actors.ts';
export * from './events.ts';
export * from './claims.ts';
export * from './links.ts';
export * from './disputes.ts';
export * from './review.ts';
export * from './search.ts';
export * from './history.ts';
export * from './users.ts';
export * from './sign-in.ts';
export * from './demo.ts';
export * from './export.ts';
export * from './restore.ts';
export * from './import-files.ts';
export * from './doctor.ts';
