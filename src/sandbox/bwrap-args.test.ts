import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { buildCommand, type CommandPlan, launchCommand, launchScript, shellQuote } from './bwrap-args.ts';
import { DEFAULT_RUN_LIMITS } from './limits.ts';

const plan: CommandPlan = {
  layout: { symlinks: { '/bin': 'usr/bin' }, directories: ['/usr'], etcEntries: ['/etc/ld.so.cache'] },
  workspace: {
    kind: 'tmpfs',
    sizeBytes: 1024,
    readOnlyFiles: [{ host: '/h/prog/main.py', inside: '/sandbox/main.py' }],
  },
  limits: { ...DEFAULT_RUN_LIMITS, cpuMs: 2_500, fileSizeMb: 1 },
  command: ['/usr/bin/python3', '/sandbox/main.py'],
  env: { PATH: '/usr/bin' },
  cgroups: ['/cg/memory/x', '/cg/pids/x'],
  tools: { sh: '/bin/sh', prlimit: '/usr/bin/prlimit', bwrap: '/usr/bin/bwrap' },
};

/** Index of `flag` followed by `values` in argv, or -1. */
function findSequence(argv: string[], sequence: string[]): number {
  return argv.findIndex((_, index) => sequence.every((item, offset) => argv[index + offset] === item));
}

test('the chain is sh (join cgroups) → prlimit → bwrap → program, in that order', () => {
  const argv = buildCommand(plan);
  assert.equal(argv[0], '/bin/sh');
  const cgroupsAt = findSequence(argv, ['/cg/memory/x', '/cg/pids/x', '--']);
  const prlimitAt = argv.indexOf('/usr/bin/prlimit');
  const bwrapAt = argv.indexOf('/usr/bin/bwrap');
  const programAt = findSequence(argv, ['--', '/usr/bin/python3', '/sandbox/main.py']);
  assert.ok(cgroupsAt > 0 && cgroupsAt < prlimitAt && prlimitAt < bwrapAt && bwrapAt < programAt);
  assert.equal(programAt + 3, argv.length);
});

test('CPU seconds round up, with the hard limit one second later; no RLIMIT_AS where a cgroup limits memory', () => {
  const argv = buildCommand(plan);
  assert.ok(argv.includes('--cpu=3:4'));
  assert.ok(argv.includes(`--fsize=${1024 * 1024}`));
  assert.ok(!argv.some((arg) => arg.startsWith('--as=')));
  assert.ok(buildCommand({ ...plan, addressSpaceBytes: 5 }).includes('--as=5'));
});

test('bubblewrap isolates everything and binds only the system and the program read-only', () => {
  const argv = buildCommand(plan);
  for (const flag of [
    '--unshare-all',
    '--unshare-user',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
  ]) {
    assert.ok(argv.includes(flag), flag);
  }
  assert.ok(findSequence(argv, ['--cap-drop', 'ALL']) > 0);
  assert.ok(findSequence(argv, ['--ro-bind', '/usr', '/usr']) > 0);
  assert.ok(findSequence(argv, ['--symlink', 'usr/bin', '/bin']) > 0);
  assert.ok(findSequence(argv, ['--ro-bind', '/h/prog/main.py', '/sandbox/main.py']) > 0);
  assert.ok(findSequence(argv, ['--size', '1024', '--tmpfs', '/sandbox']) > 0);
  assert.ok(findSequence(argv, ['--setenv', 'PATH', '/usr/bin']) > 0);
  // nothing of the root, the home or the project is bound
  assert.equal(findSequence(argv, ['--ro-bind', '/', '/']), -1);
  assert.ok(
    !argv.some((arg) => arg.startsWith('/root') || arg.startsWith('/work') || arg.startsWith('/home')),
  );
});

test('compilation binds its directory read-write', () => {
  const argv = buildCommand({ ...plan, workspace: { kind: 'bind', hostDirectory: '/h/prog' } });
  assert.ok(findSequence(argv, ['--bind', '/h/prog', '/sandbox']) > 0);
});

test('a launch script execs the chain after the cgroup join, every word quoted', () => {
  const script = launchScript(launchCommand(plan));
  assert.ok(script.startsWith("exec '/usr/bin/prlimit' "));
  assert.ok(script.endsWith("'--' '/usr/bin/python3' '/sandbox/main.py'\n"));
  assert.deepEqual(buildCommand(plan).slice(-launchCommand(plan).length), launchCommand(plan));
});

test('shellQuote survives quotes, spaces, newlines, $ and backticks through a real sh', () => {
  const words = ["it's", 'a b', 'line\nbreak', '$HOME', '`id`', "'", '', '\\'];
  const printed = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${words.map(shellQuote).join(' ')}`], {
    encoding: 'utf8',
  });
  assert.deepEqual(printed.split('\0').slice(0, -1), words);
});
