import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  expectMethod,
  latestCheckpoint,
  readTrainerState,
  type Saveable,
  saveTrainerCheckpoint,
  stepDirName,
  type TrainerState,
} from './checkpointing.ts';

const root = mkdtempSync(join(tmpdir(), 'checkpointing-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let fresh = 0;
const newRoot = () => join(root, `run-${fresh++}`);

const state = (step: number, method = 'grpo'): TrainerState => ({
  method,
  step,
  rngState: [1, 2, 3, step],
  position: { cursor: step },
});

/** Writes one weights file; `during` runs between the start of the save and its end. */
const engine = (label: string, during?: (dir: string) => void): Saveable => ({
  async save(dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'weights.bin'), label);
    during?.(dir);
  },
});

describe('trainer checkpoints', () => {
  it('writes model/ and trainer_state.json under step-NNNNNNNN, and finds the newest', async () => {
    const dir = newRoot();
    assert.equal(latestCheckpoint(dir), undefined);
    await saveTrainerCheckpoint(dir, engine('one'), state(1));
    const path = await saveTrainerCheckpoint(dir, engine('ten'), state(10));
    assert.equal(path, join(dir, 'step-00000010'));
    const found = latestCheckpoint(dir);
    assert.equal(found?.dir, path);
    assert.equal(found?.modelDir, join(path, 'model'));
    assert.deepEqual(found?.state, state(10));
    assert.equal(readFileSync(join(path, 'model', 'weights.bin'), 'utf8'), 'ten');
  });

  it('never shows a checkpoint being written under its step name', async () => {
    const dir = newRoot();
    await saveTrainerCheckpoint(dir, engine('a'), state(1));
    let seen: ReturnType<typeof latestCheckpoint>;
    await saveTrainerCheckpoint(
      dir,
      engine('b', () => {
        assert.equal(existsSync(join(dir, stepDirName(2))), false);
        seen = latestCheckpoint(dir);
      }),
      state(2),
    );
    assert.equal(seen?.state.step, 1);
    assert.equal(latestCheckpoint(dir)?.state.step, 2);
  });

  it('ignores what a kill mid-save leaves: a hidden partial folder, a step folder without its state', async () => {
    const dir = newRoot();
    await saveTrainerCheckpoint(dir, engine('a'), state(3));
    // a save of step 9 killed after writing everything but the rename
    const partial = join(dir, '.step-00000009.partial-4194000-1700000000000');
    mkdirSync(join(partial, 'model'), { recursive: true });
    writeFileSync(join(partial, 'trainer_state.json'), JSON.stringify(state(9)));
    // a step folder with no trainer state (not one this code writes, but never trust it)
    mkdirSync(join(dir, stepDirName(12), 'model'), { recursive: true });
    assert.equal(latestCheckpoint(dir)?.state.step, 3);
  });

  it('removes partial folders of dead processes at the next save, and keeps a live one', async () => {
    const dir = newRoot();
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const dead = join(dir, `.step-00000004.partial-${gone}-1`);
    const live = join(dir, `.step-00000004.partial-${process.pid}-1`);
    mkdirSync(dead);
    mkdirSync(live);
    await saveTrainerCheckpoint(dir, engine('a'), state(5));
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
  });

  it('leaves nothing behind when the engine fails to save, and the last checkpoint stays', async () => {
    const dir = newRoot();
    await saveTrainerCheckpoint(dir, engine('a'), state(1));
    const failing: Saveable = {
      async save(target) {
        mkdirSync(target, { recursive: true });
        throw new Error('disk full');
      },
    };
    await assert.rejects(saveTrainerCheckpoint(dir, failing, state(2)), /disk full/);
    assert.deepEqual(readdirSync(dir), [stepDirName(1)]);
    assert.equal(latestCheckpoint(dir)?.state.step, 1);
  });

  it('replaces a checkpoint of the same step whole, and keeps only the newest keepLast', async () => {
    const dir = newRoot();
    await saveTrainerCheckpoint(dir, engine('old'), state(2));
    await saveTrainerCheckpoint(dir, engine('new'), state(2));
    assert.equal(readFileSync(join(dir, stepDirName(2), 'model', 'weights.bin'), 'utf8'), 'new');
    for (const step of [3, 4, 5]) await saveTrainerCheckpoint(dir, engine(`s${step}`), state(step), 2);
    assert.deepEqual(readdirSync(dir).sort(), [stepDirName(4), stepDirName(5)]);
  });

  it('rejects a malformed trainer state and a state written by another trainer', () => {
    const dir = join(newRoot(), 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'trainer_state.json'), JSON.stringify({ method: 'sft', step: 1, rngState: [1] }));
    assert.throws(() => readTrainerState(dir), /rngState\[4\]/);
    assert.throws(() => expectMethod(state(1, 'sft'), 'grpo'), /written by the sft trainer/);
    assert.deepEqual(expectMethod(state(1), 'grpo'), state(1));
  });
});
