// Runs `cascade verify` without src/cli/main.ts (for when main does not register it yet):
// `node --import tsx test/e2e/run-cli.ts verify --domain … --input …`.
import { Command, CommanderError } from 'commander';
import { registerVerify } from '../../src/cli/verify.ts';

const program = new Command('cascade').exitOverride();
registerVerify(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode;
}
