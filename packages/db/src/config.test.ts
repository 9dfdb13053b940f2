import { describe, expect, it } from 'vitest';
import { loadConfig, redactUrl } from './config.ts';

describe('DATABASE_URL', () => {
  it('file: (or nothing) is SQLite, postgresql:// and postgres:// are PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'file:data/x.db' })).toMatchObject({ engine: 'sqlite', databasePath: expect.stringMatching(/data\/x\.db$/) });
    expect(loadConfig({})).toMatchObject({ engine: 'sqlite', databaseUrl: 'file:data/claimline.db' });
    for (const url of ['postgresql://u:p@db:5432/claimline', 'postgres://u@db/claimline']) {
      expect(loadConfig({ DATABASE_URL: url })).toMatchObject({ engine: 'postgresql', databaseUrl: url, databasePath: null });
    }
  });

  it('anything else is refused, naming both accepted forms', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u@db/claimline' })).toThrow(
      /Invalid configuration: DATABASE_URL: expected a SQLite file URL .* or a PostgreSQL URL/,
    );
  });

  it('prints PostgreSQL URLs without their password', () => {
    expect(redactUrl('postgresql://claimline:s3cr%40t@db.example.org:5432/claimline')).toBe('postgresql://claimline:***@db.example.org:5432/claimline');
    expect(redactUrl('postgresql://claimline@db/claimline')).toBe('postgresql://claimline@db/claimline');
  });
});
