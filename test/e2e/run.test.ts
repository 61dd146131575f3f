/**
 * `cascade run` as a user runs it: the quick profile of the tiny cascade end to end (report
 * structure, stages in order, re-running from a changed stage), and a run killed with SIGKILL
 * mid-stage that a re-run resumes.
 * Slow (about a minute each on 2 cores): CASCADE_SLOW_TESTS=1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BIN, runCli } from './cli.ts';

const slow = process.env.CASCADE_SLOW_TESTS === '1';
const root = mkdtempSync(join(tmpdir(), 'cascade-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

const STAGES = ['sft', 'reward-model', 'rlhf', 'if-rl', 'math-rl', 'code-rl', 'swe-rl'];

describe('cascade run (quick profile of the tiny cascade)', {
  skip: !slow && 'set CASCADE_SLOW_TESTS=1',
}, () => {
  it('runs every stage in order, evaluates after each, and writes the report', async () => {
    const out = join(root, 'quick');
    const result = await runCli(['run', '--profile', 'quick', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
    assert.deepEqual(
      lineage.stages.map((stage: { name: string }) => stage.name),
      STAGES,
    );
    for (const stage of lineage.stages) {
      assert.equal(stage.status, 'done', stage.name);
      assert.equal(stage.evaluation.length, 12, `${stage.name}: 6 domains × 2 modes`);
    }
    // each stage starts from the policy the one before it ended with; the RM stage passes it through
    assert.equal(lineage.stages[1].startPolicy, lineage.stages[0].policy);
    assert.equal(lineage.stages[2].startPolicy, lineage.stages[1].policy);
    assert.ok(lineage.stages[1].rewardModel);
    assert.equal(lineage.stages[3].startPolicy, lineage.stages[2].policy);
    // the RM stage leaves the policy as it was: SFT's cells are kept, chat is re-scored by the new RM
    type Cell = { domain: string; mode: string; detail: Record<string, number> };
    const [sftCells, rmCells]: Cell[][] = lineage.stages
      .slice(0, 2)
      .map((s: { evaluation: Cell[] }) => s.evaluation);
    assert.deepEqual(
      rmCells.filter((cell) => cell.domain !== 'chat'),
      sftCells.filter((cell) => cell.domain !== 'chat'),
    );
    assert.deepEqual(
      rmCells.map((cell) => `${cell.domain} ${cell.mode}`),
      sftCells.map((cell) => `${cell.domain} ${cell.mode}`),
    );
    for (const cell of rmCells.filter((c) => c.domain === 'chat')) {
      assert.equal(
        sftCells.find((c) => c.domain === 'chat' && c.mode === cell.mode)?.detail.rm_score,
        undefined,
      );
      assert.equal(typeof cell.detail.rm_score, 'number');
    }
    assert.match(result.stderr + result.stdout, /policy unchanged: chat re-scored, the rest as after sft/);
    const started = lineage.stages.map((stage: { startedAt: string }) => Date.parse(stage.startedAt));
    assert.deepEqual(
      started,
      [...started].sort((a, b) => a - b),
      'stages ran in order',
    );

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(!/(src|href)="https?:/.test(html), 'self-contained');
    assert.ok((html.match(/<svg/g) ?? []).length >= 3);
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    const rows = markdown
      .split('\n')
      .filter((line) => STAGES.some((stage) => line.startsWith(`| ${stage} |`)));
    assert.deepEqual(
      rows.slice(0, STAGES.length).map((line) => line.split('|')[1].trim()),
      STAGES,
    );
    assert.match(markdown, /thinking mode beats instruct mode on math/);
    const png = readFileSync(join(out, 'charts', 'cascade.png'));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual([...new Set(metrics.map((line) => line.stage))], STAGES);
    for (const stage of STAGES)
      assert.ok(readdirSync(join(out, 'tb', stage)).some((f) => f.startsWith('events.out.tfevents')));
    assert.match(result.stdout, /report: .*report\.html/);

    // a second run finds every stage done and only rewrites the report
    const again = await runCli(['run', '--profile', 'quick', '--out', out]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((again.stderr.match(/done earlier, skipped/g) ?? []).length, STAGES.length);

    // a changed stage is refused until its folder and those after it are deleted; then only they re-run
    const changed = ['run', '--profile', 'quick', '--out', out, '--set', 'stages.code-rl.grpo.groupSize=2'];
    const refused = await runCli(changed);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /stage "code-rl" ran with a different recipe/);
    rmSync(join(out, 'stages', '06-code-rl'), { recursive: true });
    const halfDeleted = await runCli(changed);
    assert.notEqual(halfDeleted.code, 0);
    assert.match(
      halfDeleted.stderr,
      /06-code-rl was deleted but the stages after it were not \(.*07-swe-rl\)/,
    );
    rmSync(join(out, 'stages', '07-swe-rl'), { recursive: true });
    const rerun = await runCli(changed);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal((rerun.stderr.match(/done earlier, skipped/g) ?? []).length, 5);
    const rerunLineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
    assert.deepEqual(
      rerunLineage.stages.slice(0, 5).map((stage: { configHash: string }) => stage.configHash),
      lineage.stages.slice(0, 5).map((stage: { configHash: string }) => stage.configHash),
    );
    assert.notEqual(rerunLineage.stages[5].configHash, lineage.stages[5].configHash);
    assert.ok(rerunLineage.stages.every((stage: { status: string }) => stage.status === 'done'));
  });

  it('a run killed mid-stage resumes from its newest checkpoint when re-run', async () => {
    const out = join(root, 'killed');
    const args = ['run', '--profile', 'quick', '--out', out, '--set', 'stages.sft.sft.checkpointEvery=2'];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const checkpoint = join(out, 'stages', '01-sft', 'checkpoints', 'step-00000004');
    const deadline = Date.now() + 120_000;
    while (!existsSync(checkpoint) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(existsSync(checkpoint), 'the run reached step 4');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const result = await runCli(args);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /stage 1\/7 sft \(resuming after step \d+\)/);
    const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
    assert.ok(lineage.stages.every((stage: { status: string }) => stage.status === 'done'));
    const steps = readFileSync(join(out, 'stages', '01-sft', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).step);
    assert.deepEqual(
      steps,
      Array.from({ length: steps.length }, (_, i) => i + 1),
      'every step logged once',
    );
  });
});

describe('cascade plan and bad recipes', () => {
  it('plan prints the stages in order with their settings', async () => {
    const result = await runCli(['plan', '--profile', 'quick']);
    assert.equal(result.code, 0, result.stderr);
    const order = STAGES.map((stage) => result.stdout.indexOf(`${stage} [`));
    assert.ok(order.every((at) => at >= 0));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.match(result.stdout, /4 prompts × 4 rollouts per step, one on-policy update per batch/);
  });

  it('a bad --set value exits 2 naming the key', async () => {
    const result = await runCli(['plan', '--set', 'stages.math-rl.grpo.groupSize=1']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /stages\.4\.grpo\.groupSize/);
  });
});
