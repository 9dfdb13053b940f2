// Usage errors (a missing option, a value outside the choices) as one line on stderr, like every other error.
import type { Command } from 'commander';

export function oneLineErrors(command: Command): Command {
  // A subcommand's help is `claimline user passwd --help`.
  const name = command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name();
  return command.showHelpAfterError(false).configureOutput({
    outputError: (message, write) =>
      write(
        `claimline: ${message
          .replace(/^error: /, '')
          .trim()
          .replace(/\s*\n\s*/g, ' ')} (see claimline ${name} --help)\n`,
      ),
  });
}
