import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isCascadeError } from '../../../core/errors.ts';
import { defaultAddonPath } from './native.ts';
import { loadKernels, parseKernelsChoice } from './select.ts';

const missingAddon = '/nonexistent/cascade_blas.node';

describe('parseKernelsChoice', () => {
  it('maps unset to auto and accepts the four names in any case', () => {
    assert.equal(parseKernelsChoice(undefined), 'auto');
    assert.equal(parseKernelsChoice(''), 'auto');
    assert.equal(parseKernelsChoice('WASM'), 'wasm');
    assert.equal(parseKernelsChoice(' native '), 'native');
  });

  it('rejects other names, listing the allowed ones', () => {
    assert.throws(
      () => parseKernelsChoice('blas'),
      (e: unknown) => isCascadeError(e) && /CASCADE_KERNELS: "blas" is not one of auto, wasm/.test(e.message),
    );
  });
});

describe('loadKernels', () => {
  it('gives the reference kernels when asked', async () => {
    const k = await loadKernels('reference', { threads: 2 });
    assert.equal(k.name, 'reference');
    assert.equal(k.threads, 1);
    await k.dispose();
  });

  it('forces wasm even when the addon exists', async () => {
    const k = await loadKernels('wasm', { threads: 1 });
    assert.equal(k.name, 'wasm');
    await k.dispose();
  });

  it('falls back from native to wasm in auto mode when the addon is missing', async () => {
    const k = await loadKernels('auto', { threads: 1, addonPath: missingAddon });
    assert.equal(k.name, 'wasm');
    await k.dispose();
  });

  it('says what to install when native is forced but missing', async () => {
    await assert.rejects(
      loadKernels('native', { threads: 1, addonPath: missingAddon }),
      (e: unknown) =>
        isCascadeError(e) &&
        e.code === 'kernels-unavailable' &&
        /apt-get install -y libopenblas-dev/.test(e.message),
    );
  });

  it('prefers the addon in auto mode when it is built', { skip: !existsSync(defaultAddonPath) }, async () => {
    const k = await loadKernels('auto', { threads: 1 });
    assert.equal(k.name, 'native');
    await k.dispose();
  });
});
