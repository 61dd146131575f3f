/**
 * The `cascade` command line. Each command lives in its own file and registers itself here; this
 * is the only layer that reads argv, environment and user-named files, and the only one that exits.
 */
import { Command, CommanderError } from 'commander';
import { isCascadeError } from '../core/errors.ts';
import { registerEval } from './eval.ts';
import { registerRun } from './run.ts';
import { registerServe } from './serve.ts';
import { registerServeRewards } from './serve-rewards.ts';
import { registerTemplate } from './template.ts';
import { registerVerify } from './verify.ts';

export function buildProgram(): Command {
  const program = new Command('cascade')
    .description('Cascaded, domain-wise RL post-training of reasoning language models (Nemotron-Cascade)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerTemplate(program);
  registerVerify(program);
  registerEval(program);
  registerServe(program);
  registerServeRewards(program);

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (isCascadeError(error)) {
      process.stderr.write(`cascade: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
