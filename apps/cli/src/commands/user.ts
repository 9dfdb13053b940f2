import { type Command, Option } from 'commander';
import { ROLES } from '@claimline/core';
import { services } from '@claimline/api';
import { loadConfig, withDb, writeTx } from '../db.ts';
import { oneLineErrors } from '../one-line-errors.ts';

// Whoever runs the command line can read the database file, so these commands act as an admin would; the
// audit trail records them with no user (like every other command).
const passwordFrom = (given?: string) => {
  const password = given ?? loadConfig().cliPassword;
  if (!password) throw new Error('--password: give a password with --password or CLAIMLINE_PASSWORD');
  return password;
};

/** Changes the user named by --email through the same service as the editor's users page. */
async function change(
  email: string,
  changes: Parameters<typeof services.updateUserByEmail>[3],
  say: (u: { id: number; email: string; role: string }) => string,
) {
  await withDb(async (db) => {
    const updated = await writeTx(db, (tx) => services.updateUserByEmail(tx, null, email, changes));
    console.log(say(updated));
  });
}

export function register(program: Command) {
  const user = program.command('user').description('manage users: add, list, passwd, disable, enable, set-email');
  oneLineErrors(user.command('add'))
    .description('create a user (the password comes from --password or the CLAIMLINE_PASSWORD environment variable)')
    .requiredOption('--email <email>', 'sign-in email')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password <password>', 'password, at least 10 characters')
    .action(async (opts: { email: string; role: (typeof ROLES)[number]; name?: string; password?: string }) => {
      const password = passwordFrom(opts.password);
      await withDb(async (db) => {
        const created = await writeTx(db, (tx) =>
          services.createUser(tx, null, { email: opts.email, role: opts.role, name: opts.name ?? opts.email.split('@')[0]!, password }),
        );
        console.log(`created ${created.role} ${created.email} (id ${created.id})`);
      });
    });
  oneLineErrors(user.command('list'))
    .description('list users and their roles')
    .action(async () => {
      await withDb(async (db) => {
        for (const u of await services.listUsers(db)) console.log(`${u.id}\t${u.email}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
      });
    });
  oneLineErrors(user.command('passwd'))
    .description("set a user's password (from --password or CLAIMLINE_PASSWORD); every session of that user ends")
    .requiredOption('--email <email>', 'the user’s sign-in email')
    .option('--password <password>', 'new password, at least 10 characters')
    .action(async (opts: { email: string; password?: string }) => {
      const password = passwordFrom(opts.password);
      await change(opts.email, { password }, (u) => `set the password of ${u.email}; their sessions ended`);
    });
  oneLineErrors(user.command('disable'))
    .description('disable a user: they cannot sign in, and every session of theirs ends')
    .requiredOption('--email <email>', 'the user’s sign-in email')
    .action(async (opts: { email: string }) => {
      await change(opts.email, { disabled: true }, (u) => `disabled ${u.email}`);
    });
  oneLineErrors(user.command('enable'))
    .description('enable a disabled user (a restored account needs a password too: --password or CLAIMLINE_PASSWORD)')
    .requiredOption('--email <email>', 'the user’s sign-in email')
    .option('--password <password>', 'also set this password')
    .action(async (opts: { email: string; password?: string }) => {
      const password = opts.password ?? loadConfig().cliPassword;
      await change(opts.email, { disabled: false, ...(password ? { password } : {}) }, (u) => `enabled ${u.email}`);
    });
  oneLineErrors(user.command('set-email'))
    .description("change a user's sign-in email")
    .requiredOption('--email <email>', 'the current email')
    .requiredOption('--new-email <email>', 'the new email')
    .action(async (opts: { email: string; newEmail: string }) => {
      await change(opts.email, { email: opts.newEmail }, (u) => `user ${u.id} now signs in as ${u.email}`);
    });
}
