#!/usr/bin/env node
// Optional install step: builds the OpenBLAS addon (native/build/Release/cascade_blas.node) with
// node-gyp when OpenBLAS and a compiler are present. It never fails the install: when something is
// missing it prints one line and exits 0, and the engine falls back to its WebAssembly kernels.
// The full compiler output goes to native/build/build.log.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const say = (line) => console.log(`cascade: ${line}`);

// Debian/Ubuntu multiarch, plain and Homebrew-style locations of OpenBLAS's cblas.h.
const cblasHeaders = [
  '/usr/include/x86_64-linux-gnu/cblas.h',
  '/usr/include/aarch64-linux-gnu/cblas.h',
  '/usr/include/openblas/cblas.h',
  '/usr/include/cblas.h',
  '/usr/local/include/cblas.h',
  '/opt/homebrew/opt/openblas/include/cblas.h',
];

function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  const bundled = join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  return existsSync(bundled) ? bundled : undefined;
}

// Local Node headers avoid node-gyp's download (installs may run offline).
function findNodeDir() {
  const configured = process.env.npm_config_nodedir;
  if (configured) return configured;
  const prefixes = [join(dirname(process.execPath), '..'), process.config.variables.node_prefix];
  return prefixes.find((prefix) => prefix && existsSync(join(prefix, 'include', 'node', 'node_api.h')));
}

function main() {
  if (process.env.CASCADE_SKIP_NATIVE) return say('CASCADE_SKIP_NATIVE is set; skipping the OpenBLAS addon');
  if (!cblasHeaders.some((path) => existsSync(path))) {
    return say('OpenBLAS not found (apt-get install libopenblas-dev); using the WebAssembly kernels');
  }
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) return say('node-gyp not found; skipping the OpenBLAS addon, using the WebAssembly kernels');
  const nodeDir = findNodeDir();
  const args = [nodeGyp, 'rebuild', ...(nodeDir ? [`--nodedir=${nodeDir}`] : [])];
  const result = spawnSync(process.execPath, args, { cwd: here, encoding: 'utf8' });
  const log = `${result.stdout ?? ''}\n${result.stderr ?? ''}\n${result.error ?? ''}`;
  mkdirSync(join(here, 'build'), { recursive: true });
  writeFileSync(join(here, 'build', 'build.log'), log);
  if (result.status === 0 && existsSync(join(here, 'build', 'Release', 'cascade_blas.node'))) {
    return say('built the OpenBLAS kernels addon (native/build/Release/cascade_blas.node)');
  }
  const lines = log.split('\n');
  const reason =
    lines.find((line) => /error:|Error:/.test(line) && !/WARN/.test(line)) ?? `exit status ${result.status}`;
  say(`could not build the OpenBLAS addon (${reason.trim()}; see native/build/build.log); using WebAssembly`);
}

try {
  main();
} catch (error) {
  say(`skipped the OpenBLAS addon (${error instanceof Error ? error.message : String(error)})`);
}
