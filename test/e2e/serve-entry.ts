// Runs `cascade serve` without src/cli/main.ts (for when main does not register it yet):
// `node --import tsx test/e2e/serve-entry.ts serve --checkpoint DIR …`.
import { Command, CommanderError } from 'commander';
import { registerServe } from '../../src/cli/serve.ts';
import { isCascadeError } from '../../src/core/errors.ts';

const program = new Command('cascade').exitOverride();
registerServe(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else if (isCascadeError(error)) {
    process.stderr.write(`cascade: ${error.message}\n`);
    process.exitCode = 2;
  } else throw error;
}
