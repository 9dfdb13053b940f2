// Usage errors (a missing option, a value outside the choices) as one line on stderr, like every other error.
import type { Command } from 'commander';

export function oneLineErrors(command: Command): Command {
  return command.showHelpAfterError(false).configureOutput({
    outputError: (message, write) => write(`claimline: ${message.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see claimline ${command.name()} --help)\n`),
  });
}
