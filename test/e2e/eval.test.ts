/**
 * `cascade eval` end to end, as a child process, against a fake OpenAI-compatible server with
 * scripted answers (some right, some wrong): every suite's metrics come out exactly, and a run
 * killed midway resumes without asking for finished samples again.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEmbeddedEngine } from '../../src/engine/embedded/engine.ts';
import {
  type FakeHandler,
  type FakeRequest,
  type FakeServer,
  startFakeServer,
} from '../../src/engine/openai/testing/fake-vllm.ts';
import { createByteTokenizer, saveByteTokenizer } from '../../src/tokenizer/index.ts';
import { BIN } from './cli.ts';

// each CLI start costs about 2 s (loader + imports): the all-suites run is the default, the rest run with CASCADE_SLOW_TESTS
const slow = process.env.CASCADE_SLOW_TESTS ? false : 'slow: set CASCADE_SLOW_TESTS=1';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = join(ROOT, 'test/fixtures/benchmarks');

/** `bin/cascade.js eval` once the lead wires it into main.ts; until then a program built with registerEval. */
const wired = spawnSync(process.execPath, [BIN, 'eval', '--help'], { encoding: 'utf8' }).stdout.includes(
  '--suite',
);
const PROGRAM = `
import { Command, CommanderError } from 'commander';
import { registerEval } from ${JSON.stringify(new URL('../../src/cli/eval.ts', import.meta.url).href)};
import { isCascadeError } from ${JSON.stringify(new URL('../../src/core/errors.ts', import.meta.url).href)};
const program = new Command('cascade').exitOverride();
registerEval(program);
try {
  await program.parseAsync(process.argv.slice(1), { from: 'user' });
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else if (isCascadeError(error)) { process.stderr.write('cascade: ' + error.message + '\\n'); process.exitCode = 2; }
  else throw error;
}`;

function startCli(args: string[]): ChildProcess {
  const argv = wired
    ? [BIN, 'eval', ...args]
    : ['--import', 'tsx', '--input-type=module', '-e', PROGRAM, 'eval', ...args];
  return spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, OPENAI_API_KEY: 'test-key' } });
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startCli(args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const servers: FakeServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));
async function serve(handler: FakeHandler): Promise<FakeServer> {
  const server = await startFakeServer(handler);
  servers.push(server);
  return server;
}

const fence = '```';
const userText = (request: FakeRequest): string =>
  request.body.messages.findLast((m: { role: string }) => m.role === 'user').content;
const gpqaLetter = (prompt: string, option: string) =>
  new RegExp(`\\n([A-D])\\) ${option}(\\n|$)`).exec(prompt)?.[1];

type Reply = {
  content: string | null;
  reasoning?: string;
  toolCalls?: { name: string; arguments: string }[];
};

/** The scripted model: per prompt, what choice 0 and choice 1 answer (later choices answer like choice 1). */
function script(request: FakeRequest): [Reply, Reply] {
  const prompt = userText(request);
  const both = (reply: Reply): [Reply, Reply] => [reply, reply];
  const text = (content: string): Reply => ({ content, reasoning: 'Thinking it over.' });
  const boxed = (answer: string) => text(`So the answer is \\boxed{${answer}}.`);
  const call = (name: string, args: unknown): Reply => ({
    content: null,
    toolCalls: [{ name, arguments: JSON.stringify(args) }],
  });
  const py = (code: string) => text(`Here it is.\n${fence}python\n${code}\n${fence}`);
  const rules: [string, () => [Reply, Reply]][] = [
    // AIME 2024: right, half right, wrong
    ['$2^{10}$', () => both(boxed('2'))],
    ['divisors does $360$', () => [boxed('24'), boxed('20')]],
    ['$17 \\cdot 23$', () => both(boxed('390'))],
    // AIME 2025: right, wrong
    ['first $20$ positive odd', () => both(boxed('400'))],
    ['ordered pairs', () => both(boxed('10'))],
    // MATH-500: right, half right, right
    ['\\frac{6}{8}', () => both(boxed('\\frac{3}{4}'))],
    ['$2x + 3 = 11$', () => [boxed('4'), boxed('5')]],
    ['\\sqrt{50}', () => both(boxed('5\\sqrt{2}'))],
    // LiveCodeBench: stdin half right, functional right
    [
      'Print A + B',
      () => [
        py('a, b = map(int, input().split())\nprint(a + b)'),
        py('a, b = map(int, input().split())\nprint(a - b)'),
      ],
    ],
    [
      'return the largest element',
      () =>
        both(
          py(
            'from typing import List\nclass Solution:\n    def maxValue(self, nums: List[int]) -> int:\n        return max(nums)',
          ),
        ),
    ],
    // IFEval: followed, half followed, followed
    ['about green tea', () => both(text('Green tea is calming and healthy.'))],
    ['Describe the sea', () => [text('the sea is vast and deep.'), text('The Sea is vast and deep.')]],
    ['Write about cats', () => both(text('Cats are *curious* and *playful* pets.'))],
    // IFBench: followed, half followed
    ['rivers in 3 to 8 words', () => both(text('Rivers carry water to the sea.'))],
    ['exactly 2 numbers', () => [text('I like 3 and 7.'), text('I like 3.')]],
    // BFCL: right, half right, half right
    ['area of a triangle', () => both(call('calculate_triangle_area', { base: 10, height: 5 }))],
    ['factorial of 5', () => [call('math_factorial', { number: 5 }), call('math_factorial', { number: 6 })]],
    ['capital of France', () => [text('Paris.'), call('calculate_triangle_area', { base: 1, height: 1 })]],
    // MMLU-Pro: right, wrong
    ['What is 2 + 2?', () => both(text('Answer: B'))],
    ['closest to the Sun', () => both(text('Answer: A'))],
  ];
  for (const [needle, reply] of rules) if (prompt.includes(needle)) return reply();
  // GPQA: read the shuffled options, answer the correct letter (the sodium question: once right, once wrong)
  const photon = gpqaLetter(prompt, 'The photon');
  if (photon) return both(text(`Answer: ${photon}`));
  const sodium = gpqaLetter(prompt, 'Na');
  if (sodium) return [text(`Answer: ${sodium}`), text(`Answer: ${sodium === 'A' ? 'B' : 'A'}`)];
  throw new Error(`no scripted answer for: ${prompt.slice(0, 80)}`);
}

function chatAnswer(request: FakeRequest, replies: Reply[]) {
  return {
    json: {
      id: 'chatcmpl-e2e',
      object: 'chat.completion',
      model: request.body.model,
      choices: Array.from(
        { length: request.body.n },
        (_, index) => replies[Math.min(index, replies.length - 1)],
      ).map((reply, index) => ({
        index,
        message: {
          role: 'assistant',
          content: reply.content,
          reasoning: reply.reasoning ?? null,
          tool_calls: (reply.toolCalls ?? []).map((call, k) => ({
            id: `call_${k}`,
            type: 'function',
            function: call,
          })),
        },
        finish_reason: reply.toolCalls ? 'tool_calls' : 'stop',
      })),
    },
  };
}

const scriptedHandler: FakeHandler = (request) => {
  if (request.method === 'GET') return { json: {} };
  assert.equal(request.headers.authorization, 'Bearer test-key');
  return chatAnswer(request, script(request));
};

const ALL = 'aime24,aime25,math500,livecodebench,ifeval,ifbench,gpqa-diamond,mmlu-pro,bfcl';

test('every suite end to end: exact metrics, the model-card table, one request per problem', async () => {
  const server = await serve(scriptedHandler);
  const out = mkdtempSync(join(tmpdir(), 'cascade-eval-e2e-'));
  const result = await runCli([
    '--base-url',
    server.url,
    '--model',
    'fake-cascade',
    '--suite',
    ALL,
    '--data',
    DATA,
    '--out',
    out,
    '--n',
    '2',
    '--max-tokens',
    '512',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const metrics = Object.fromEntries(
    results.suites.map((suite: { suite: string; metrics: Record<string, number> }) => [
      suite.suite,
      suite.metrics,
    ]),
  );
  const close = (actual: number, expected: number, what: string) =>
    assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
  const expected: Record<string, [number, number]> = {
    // [avg@2, pass@2]
    aime24: [3 / 6, 2 / 3],
    aime25: [2 / 4, 1 / 2],
    math500: [5 / 6, 1],
    livecodebench: [3 / 4, 1],
    ifeval: [5 / 6, 1],
    ifbench: [3 / 4, 1],
    'gpqa-diamond': [3 / 4, 1],
    'mmlu-pro': [1 / 2, 1 / 2],
    bfcl: [4 / 6, 1],
  };
  for (const [suite, [average, pass2]] of Object.entries(expected)) {
    close(metrics[suite].accuracy, average, `${suite} avg@2`);
    close(metrics[suite]['pass@2'], pass2, `${suite} pass@2`);
    assert.equal(metrics[suite].errors, 0, `${suite} errors`);
  }
  // IFEval: 5 of 6 prompts; 7 of 8 instructions (the lowercase miss) strictly, and loosely the same
  close(metrics.ifeval.prompt_strict, 5 / 6, 'ifeval prompt_strict');
  close(metrics.ifeval.instruction_strict, 7 / 8, 'ifeval instruction_strict');
  close(metrics.ifeval.prompt_loose, 5 / 6, 'ifeval prompt_loose');
  // majority@2 on AIME 2024: the split item ties 24 vs 20 → 0.5
  close(metrics.aime24['majority@2'], (1 + 0.5 + 0) / 3, 'aime24 majority@2');

  const requests = server.requests.filter((request) => request.method === 'POST');
  assert.equal(requests.length, 3 + 2 + 3 + 2 + 3 + 2 + 2 + 2 + 3, 'one request (n=2) per problem');
  assert.ok(requests.every((request) => request.body.n === 2 && request.body.max_tokens === 512));
  // the Cascade-1 card's sampling and thinking mode
  assert.ok(requests.every((request) => request.body.temperature === 0.6 && request.body.top_p === 0.95));
  assert.ok(requests.every((request) => request.body.chat_template_kwargs.enable_thinking === true));
  assert.ok(requests.some((request) => request.body.tools?.[0]?.function?.name === 'math_factorial'));

  const table = readFileSync(join(out, 'results.md'), 'utf8');
  assert.equal(result.stdout, table);
  assert.match(
    table,
    /^\| Benchmark \| fake-cascade \|\n\| --- \| --- \|\n\| MMLU-Pro \(avg@2\) \| 50\.0 \|\n\| GPQA-Diamond \(avg@2\) \| 75\.0 \|\n\| IFEval \(strict prompt, avg@2\) \| 83\.3 \|/,
  );
  assert.match(
    table,
    /\| AIME 2024 \(avg@2\) \| 50\.0 \|\n\| AIME 2025 \(avg@2\) \| 50\.0 \|\n\| MATH-500 \(avg@2\) \| 83\.3 \|\n\| LiveCodeBench \(avg@2\) \| 75\.0 \|\n\| BFCL V3 \(avg@2\) \| 66\.7 \|\n$/,
  );
  const samples = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n');
  assert.equal(samples.length, 2 * 22);
});

test('a killed run resumes: finished samples are not asked for again', { skip: slow }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'cascade-eval-resume-'));
  const samples = join(out, 'samples.jsonl');
  // first server: answers two problems, then hangs, so the run is killed mid-way
  let answered = 0;
  const first = await serve((request) => {
    if (request.method === 'GET') return { json: {} };
    if (answered >= 2) return { hang: true };
    answered++;
    return chatAnswer(request, script(request));
  });
  const args = (url: string) => [
    '--base-url',
    url,
    '--model',
    'fake-cascade',
    '--suite',
    'aime24,math500',
    '--data',
    DATA,
    '--out',
    out,
    '--n',
    '4',
    '--concurrency',
    '1',
  ];
  const child = startCli(args(first.url));
  let childErr = '';
  child.stderr?.on('data', (chunk) => {
    childErr += chunk;
  });
  const lineCount = () =>
    existsSync(samples) ? readFileSync(samples, 'utf8').split('\n').filter(Boolean).length : 0;
  const deadline = Date.now() + 60_000;
  while (lineCount() < 8) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`first run did not log 8 samples (exit ${child.exitCode}): ${childErr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('close', resolve));
  assert.equal(lineCount(), 8);

  const second = await serve(scriptedHandler);
  const result = await runCli(args(second.url));
  assert.equal(result.code, 0, result.stderr);
  const requests = second.requests.filter((request) => request.method === 'POST');
  assert.equal(requests.length, 4, 'the 4 problems not finished before the kill');
  assert.equal(
    requests.reduce((sum, request) => sum + request.body.n, 0),
    16,
  );
  assert.ok(
    !requests.some((request) => userText(request).includes('$2^{10}$')),
    'the first finished problem is not asked again',
  );
  const records = readFileSync(samples, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(records.length, 24);
  assert.equal(
    new Set(records.map((record) => `${record.suite}/${record.item_id}/${record.sample}`)).size,
    24,
  );
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  // the scripted answers with n=4 (choices 2 and 3 answer like choice 1)
  const aime = results.suites.find((suite: { suite: string }) => suite.suite === 'aime24');
  assert.equal(aime.resumed, 8);
  assert.equal(aime.generated, 4);
  assert.ok(Math.abs(aime.metrics.accuracy - (1 + 0.25 + 0) / 3) < 1e-12, String(aime.metrics.accuracy));
  // a changed sampling setting in the same folder is refused instead of mixing runs
  const mixed = await runCli([...args(second.url), '--temperature', '1']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /aime24 was sampled with .*"temperature":0\.6.*use another --out/);
});

test('completion mode: Cascade renders token ids, the server samples ids, Cascade parses them', {
  skip: slow,
}, async () => {
  const tokenizer = createByteTokenizer();
  const imEnd = tokenizer.tokenId('<|im_end|>')!;
  const server = await serve((request) => {
    if (request.method === 'GET') return { json: {} };
    const prompt = tokenizer.decode(request.body.prompt);
    const answer = prompt.includes('\\frac{6}{8}') ? '\\frac{3}{4}' : '0';
    const ids = [...tokenizer.encode(`Reduce it.</think>\n\nThe answer is \\boxed{${answer}}.`), imEnd];
    return {
      json: {
        choices: [
          { index: 0, text: '', token_ids: ids, finish_reason: 'stop', stop_reason: null, logprobs: null },
        ],
      },
    };
  });
  const out = mkdtempSync(join(tmpdir(), 'cascade-eval-completion-'));
  const result = await runCli([
    ...['--base-url', server.url, '--model', 'tiny', '--suite', 'math500', '--data', DATA, '--out', out],
    ...[
      '--n',
      '1',
      '--api',
      'completion',
      '--tokenizer',
      'byte',
      '--family',
      'cascade-v1',
      '--mode',
      'no_think',
    ],
  ]);
  assert.equal(result.code, 0, result.stderr);
  const requests = server.requests.filter((request) => request.method === 'POST');
  assert.equal(requests[0].path, '/v1/completions');
  assert.match(
    tokenizer.decode(requests[0].body.prompt),
    /^<\|im_start\|>system\n[\s\S]*Simplify \$\\frac\{6\}\{8\}\$\.[\s\S]* \/no_think<\|im_end\|>\n<\|im_start\|>assistant\n/,
  );
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.ok(Math.abs(results.suites[0].metrics.accuracy - 1 / 3) < 1e-12);
});

test('the embedded engine evaluates a checkpoint it saved (tiny random model, byte tokenizer)', {
  skip: slow,
}, async () => {
  const root = mkdtempSync(join(tmpdir(), 'cascade-eval-embedded-'));
  await saveByteTokenizer(join(root, 'tok'));
  const config = {
    vocab_size: 265,
    hidden_size: 16,
    intermediate_size: 32,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    num_key_value_heads: 1,
    head_dim: 8,
    rope_theta: 10_000,
    max_position_embeddings: 1024,
    tie_word_embeddings: true,
  };
  const tokenizerFiles = {
    'tokenizer.json': join(root, 'tok/tokenizer.json'),
    'tokenizer_config.json': join(root, 'tok/tokenizer_config.json'),
  };
  const engine = await createEmbeddedEngine({ config, seed: 7, tokenizerFiles });
  await engine.save(join(root, 'ckpt'));
  await engine.close();
  const out = join(root, 'out');
  const result = await runCli([
    ...[
      '--engine',
      'embedded',
      '--checkpoint',
      join(root, 'ckpt'),
      '--suite',
      'aime25',
      '--data',
      DATA,
      '--out',
      out,
    ],
    ...['--n', '2', '--max-tokens', '6', '--family', 'qwen3', '--concurrency', '2'],
  ]);
  assert.equal(result.code, 0, result.stderr);
  const records = readFileSync(join(out, 'samples.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(records.length, 4);
  assert.ok(records.every((record) => record.completion.tokens >= 1 && record.completion.tokens <= 6));
  const [suite] = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).suites;
  assert.equal(suite.metrics.errors, 0);
  assert.equal(suite.metrics.accuracy, 0, 'six random bytes do not box the answer');
});

test('bad invocations fail with exit code 2 and say why', { skip: slow }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'cascade-eval-bad-'));
  const embedded = await runCli(['--engine', 'embedded', '--suite', 'aime24', '--data', DATA, '--out', out]);
  assert.equal(embedded.code, 2);
  assert.match(embedded.stderr, /--engine embedded needs --checkpoint DIR/);
  const unknown = await runCli([
    '--base-url',
    'http://127.0.0.1:9/v1',
    '--model',
    'm',
    '--suite',
    'hle',
    '--data',
    DATA,
    '--out',
    out,
  ]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown suite "hle"/);
  const down = await runCli([
    '--base-url',
    'http://127.0.0.1:9/v1',
    '--model',
    'm',
    '--suite',
    'aime24',
    '--data',
    DATA,
    '--out',
    out,
  ]);
  assert.equal(down.code, 2);
  assert.match(down.stderr, /no server is healthy: http:\/\/127\.0\.0\.1:9\/v1 \(unreachable/);
});
