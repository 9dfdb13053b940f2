// Child process for the sign-in test: one sign-in against an existing database, from a process that
// shares nothing with the one that saw the earlier failures. Prints {code, checks} as JSON.
import argon2 from 'argon2';
import { openDb } from '@claimline/db';
import { createCaller } from '../root.ts';
import { createInnerContext } from '../context.ts';

const [url, email, password] = process.argv.slice(2);
let checks = 0;
const verify = argon2.verify;
argon2.verify = (...args: Parameters<typeof verify>) => {
  checks++;
  return verify(...args);
};
const db = await openDb({ url });
let code = 'OK';
try {
  await createCaller(createInnerContext({ db })).auth.login({ email: email!, password: password! });
} catch (e) {
  code = (e as { code?: string }).code ?? String(e);
}
await db.$disconnect();
console.log(JSON.stringify({ code, checks }));
