/**
 * `cascade serve` throughput: generated tokens per second with 1 and 16 concurrent clients, each
 * sending `/v1/completions` requests (a token-id prompt, `max_tokens` tokens, `ignore_eos` so every
 * request generates exactly that many) to the server on 127.0.0.1, in this process (the engine runs
 * on the main thread; the clients' HTTP work shares it). The baseline, measured in the same run, is
 * the embedded engine's own `sample()` on the same checkpoint with the same batch shape: one prompt
 * at a time for 1 client, 16 prompts per call for 16 clients (what the server's batching can reach
 * at best). Prints a table, or with `--json` one `{bench, case, metric, value, unit, baseline?, ratio?}`
 * per line.
 *
 *   node --import tsx bench/serve.ts [--requests 8] [--max-tokens 64] [--prompt-tokens 32]
 *     [--hidden 64] [--layers 2] [--batch-window-ms 2] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServe } from '../src/cli/serve.ts';
import { Rng } from '../src/core/rng.ts';
import { createEmbeddedEngine } from '../src/engine/embedded/engine.ts';
import { loadKernels } from '../src/engine/embedded/kernels/select.ts';
import { saveTinyCheckpoint } from '../src/serve/openai/testing/tiny-checkpoint.ts';
import { type Figure, numberArg } from './figures.ts';

const BENCH = 'serve';

function prompts(count: number, length: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Array.from({ length }, () => 32 + rng.int(90)));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const requests = numberArg(args, '--requests', 8);
  const maxTokens = numberArg(args, '--max-tokens', 64);
  const promptTokens = numberArg(args, '--prompt-tokens', 32);
  const hidden = numberArg(args, '--hidden', 64);
  const layers = numberArg(args, '--layers', 2);
  const batchWindowMs = numberArg(args, '--batch-window-ms', 2);
  const root = mkdtempSync(join(tmpdir(), 'cascade-bench-serve-'));
  const config = {
    hidden_size: hidden,
    intermediate_size: 4 * hidden,
    num_hidden_layers: layers,
    head_dim: hidden / 4,
  };
  const checkpoint = await saveTinyCheckpoint(root, { seed: 1, config });
  const kernels = await loadKernels('auto');
  const engine = await createEmbeddedEngine({ checkpointDir: checkpoint, seed: 0, kernels });
  const { server, service } = await startServe(
    {
      checkpoint,
      servedModelName: 'bench',
      family: 'qwen3',
      port: 0,
      host: '127.0.0.1',
      maxModelLen: 4096,
      seed: 0,
      maxBatchRows: 64,
      batchWindowMs,
    },
    { write: () => true } as unknown as import('node:stream').Writable,
  );
  const figures: Figure[] = [];
  try {
    for (const clients of [1, 16]) {
      const work = prompts(clients * requests, promptTokens, clients);
      const sampling = { n: 1, maxNewTokens: maxTokens, temperature: 1, topP: 1, stopTokenIds: [] };
      // warm-up: one call of each shape, so neither side pays first-call costs in the timing
      await engine.sample(work.slice(0, clients), sampling);
      // baseline: the engine itself, batches of `clients` prompts
      let baseTokens = 0;
      let started = performance.now();
      for (let r = 0; r < requests; r++) {
        const completions = await engine.sample(work.slice(r * clients, (r + 1) * clients), sampling);
        for (const completion of completions) baseTokens += completion.tokens.length;
      }
      const baseline = baseTokens / ((performance.now() - started) / 1000);
      // served: `clients` loops, each sending its requests one after another
      const post = async (prompt: number[]) => {
        const response = await fetch(`${server.url}/v1/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'bench',
            prompt,
            max_tokens: maxTokens,
            ignore_eos: true,
            logprobs: 1,
          }),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        const body = (await response.json()) as { usage: { completion_tokens: number } };
        return body.usage.completion_tokens;
      };
      await Promise.all(work.slice(0, clients).map(post));
      let servedTokens = 0;
      const latencies: number[] = [];
      const statsBefore = service.scheduler.stats();
      started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let r = 0; r < requests; r++) {
            const t0 = performance.now();
            const tokens = await post(work[r * clients + c]);
            servedTokens += tokens;
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const statsAfter = service.scheduler.stats();
      const value = servedTokens / seconds;
      latencies.sort((a, b) => a - b);
      const label = `clients=${clients}`;
      figures.push({
        bench: BENCH,
        case: label,
        metric: 'tokens_per_s',
        value,
        unit: 'tok/s',
        baseline,
        ratio: value / baseline,
      });
      figures.push({
        bench: BENCH,
        case: label,
        metric: 'latency_p50_ms',
        value: latencies[Math.floor(latencies.length / 2)],
        unit: 'ms',
      });
      figures.push({
        bench: BENCH,
        case: label,
        metric: 'requests_per_engine_call',
        value:
          (statsAfter.requests - statsBefore.requests) / (statsAfter.sampleCalls - statsBefore.sampleCalls),
        unit: 'requests',
      });
    }
  } finally {
    await server.close();
    await engine.close();
    await kernels.dispose();
    rmSync(root, { recursive: true, force: true });
  }
  if (args.includes('--json')) {
    for (const figure of figures) console.log(JSON.stringify(figure));
    return;
  }
  console.log(
    `cascade serve, model hidden ${hidden} × ${layers} layers (${kernels.name} kernels), prompts ${promptTokens} tokens, ${maxTokens} new tokens, ${requests} requests per client, batch window ${batchWindowMs} ms`,
  );
  console.log('| case | metric | served | baseline (engine.sample) | ratio |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const figure of figures)
    console.log(
      `| ${figure.case} | ${figure.metric} | ${figure.value.toFixed(1)} ${figure.unit} | ${figure.baseline === undefined ? '' : `${figure.baseline.toFixed(1)} ${figure.unit}`} | ${figure.ratio === undefined ? '' : figure.ratio.toFixed(2)} |`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
