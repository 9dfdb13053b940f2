import { Command, Option } from 'commander';
import { ROLES } from '@claimline/core';
import { services } from '@claimline/api';
import { writeTx } from '@claimline/db';
import { withDb } from '../db.ts';

export function register(program: Command) {
  const user = program.command('user').description('manage users: add, list');
  user
    .command('add')
    .description('create a user (the password comes from --password or the CLAIMLINE_PASSWORD environment variable)')
    .requiredOption('--email <email>', 'sign-in email')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password <password>', 'password, at least 10 characters')
    .action(async (opts: { email: string; role: (typeof ROLES)[number]; name?: string; password?: string }) => {
      const password = opts.password ?? process.env.CLAIMLINE_PASSWORD;
      if (!password) throw new Error('--password: give a password with --password or CLAIMLINE_PASSWORD');
      await withDb(async (db) => {
        const created = await writeTx(db, (tx) =>
          services.createUser(tx, null, { email: opts.email, role: opts.role, name: opts.name ?? opts.email.split('@')[0]!, password }),
        );
        console.log(`created ${created.role} ${created.email} (id ${created.id})`);
      });
    });
  user
    .command('list')
    .description('list users and their roles')
    .action(async () => {
      await withDb(async (db) => {
        for (const u of await services.listUsers(db)) console.log(`${u.id}\t${u.email}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
      });
    });
}
