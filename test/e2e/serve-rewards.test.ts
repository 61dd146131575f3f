// End-to-end: `cascade serve-rewards` as a process on 127.0.0.1, called over HTTP, by the verl shim
// (python3, standard library) and with OpenRLHF's remote reward request; then SIGTERM stops it cleanly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ServeProcess, startServeRewards } from './serve-process.ts';

const root = join(import.meta.dirname, '..', '..');
const SHIM = join(root, 'integrations', 'verl', 'cascade_reward.py');

type Served = ServeProcess;

function startService(args: string[]): Promise<Served> {
  return startServeRewards(args, 30_000);
}

function python(
  script: string,
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('python3', ['-c', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cascade serve-rewards (process)', () => {
  let served: Served;
  before(async () => {
    served = await startService([
      '--domains',
      'math,mcq,ifeval,tool',
      '--concurrency-mcq',
      '2',
      '--max-batch',
      '50',
    ]);
  });
  after(() => {
    if (served.child.exitCode === null) served.child.kill('SIGKILL');
  });

  it('prints one URL line, answers healthz and a mixed batch in order', async () => {
    const health = (await (await fetch(`${served.url}/healthz`)).json()) as {
      status: string;
      domains: string[];
    };
    assert.deepEqual([health.status, health.domains], ['ok', ['math', 'mcq', 'ifeval', 'tool']]);
    const rows = [
      { id: 'm1', domain: 'math', response: 'so the total is \\boxed{\\frac{1}{2}}', answer: '0.5' },
      { id: 'q1', domain: 'mcq', response: 'The answer is (C).', answer: 'B' },
      {
        id: 'i1',
        domain: 'ifeval',
        response: 'no commas here at all',
        instruction_id_list: ['punctuation:no_comma'],
        kwargs: [{}],
      },
      { id: 'x1', domain: 'code', response: 'print(1)' },
      { id: 'm2', domain: 'math', response: '\\boxed{7}', answer: '5' },
    ];
    const response = await fetch(`${served.url}/v1/verify`, { method: 'POST', body: JSON.stringify(rows) });
    assert.equal(response.status, 200);
    const { verdicts } = (await response.json()) as {
      verdicts: { id: string; status: string; correct: boolean; reason: string }[];
    };
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.status, v.correct]),
      [
        ['m1', 'scored', true],
        ['q1', 'scored', false],
        ['i1', 'scored', true],
        ['x1', 'error', false],
        ['m2', 'scored', false],
      ],
    );
    assert.match(verdicts[3].reason, /row 3: domain "code" is not served here/);
    const tooMany = await fetch(`${served.url}/v1/verify`, {
      method: 'POST',
      body: JSON.stringify(Array.from({ length: 51 }, () => rows[1])),
    });
    assert.equal(tooMany.status, 413);
  });

  it('the verl shim scores one sample and a batch through the service', () => {
    const script = `
import importlib.util, json
spec = importlib.util.spec_from_file_location("cascade_reward", ${JSON.stringify(SHIM)})
shim = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shim)
single = shim.compute_score("openai/gsm8k", "Adding them gives #### 72, i.e. \\\\boxed{72}", "72", {"split": "train"})
batch = shim.compute_score_batch(
    data_sources=["cascade/math", "mcq", "ifeval", "gpqa-unknown"],
    solution_strs=["\\\\boxed{3}", "Answer: D", "THE WHOLE ANSWER IS WRITTEN IN CAPITAL LETTERS SO THAT THE READER CAN SEE IT.", "x"],
    ground_truths=["4", "D", json.dumps({"instruction_id_list": ["change_case:english_capital"], "kwargs": [{}]}), "A"],
    extra_infos=[None, None, None, {"index": 3}],
)
print(json.dumps({"single": single, "batch": batch}))
`;
    // batches of 3 rows: the 4 rows go out as two requests and must come back in order
    const result = python(script, { CASCADE_REWARD_URL: served.url, CASCADE_REWARD_BATCH: '3' });
    assert.equal(result.status, 0, result.stderr);
    const answer = JSON.parse(result.stdout) as { single: unknown; batch: unknown };
    assert.deepEqual(answer.single, { score: 1, acc: 1 });
    assert.deepEqual(answer.batch, [
      { score: 0, acc: 0 },
      { score: 1, acc: 1 },
      { score: 1, acc: 1 },
      { score: 0, acc: 0 },
    ]);
    // the unroutable data source is an error verdict, reported on stderr rather than silently 0;
    // it is row 0 of the second request, which proves the batch was split
    assert.match(result.stderr, /cascade reward error: row 0: unknown domain "gpqa-unknown"/);
  });

  it('the verl shim spreads batches over CASCADE_REWARD_URLS and skips a replica that is down', async () => {
    const second = await startService(['--domains', 'math,mcq,ifeval,tool']);
    try {
      // nothing listens on port 9 of 127.0.0.1 (discard): that replica refuses every connection
      const urls = [served.url, 'http://127.0.0.1:9', second.url].join(',');
      const script = `
import importlib.util, json
spec = importlib.util.spec_from_file_location("cascade_reward", ${JSON.stringify(SHIM)})
shim = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shim)
answers = [str(n) for n in range(12)]
batch = shim.compute_score_batch(
    data_sources=["cascade/math"] * 12,
    solution_strs=["\\\\boxed{%s}" % (n if n % 3 else n + 1) for n in range(12)],
    ground_truths=answers,
)
print(json.dumps(batch))
`;
      const requestsServed = async (url: string) => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const match = /cascade_reward_requests_total\{route="\/v1\/verify",code="200"\} (\d+)/.exec(text);
        return match ? Number(match[1]) : 0;
      };
      const before = [await requestsServed(served.url), await requestsServed(second.url)];
      const result = python(script, { CASCADE_REWARD_URLS: urls, CASCADE_REWARD_BATCH: '2' });
      assert.equal(result.status, 0, result.stderr);
      const scores = JSON.parse(result.stdout) as { acc: number }[];
      // rows 0, 3, 6, 9 answer n + 1: wrong; every other row is right, in order
      assert.deepEqual(
        scores.map((score) => score.acc),
        Array.from({ length: 12 }, (_, n) => (n % 3 ? 1 : 0)),
      );
      const after = [await requestsServed(served.url), await requestsServed(second.url)];
      const handled = after.map((count, index) => count - before[index]);
      assert.equal(handled[0] + handled[1], 6, `6 requests of 2 rows, served ${handled}`);
      assert.ok(handled[0] > 0 && handled[1] > 0, `both live replicas took requests: ${handled}`);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it("answers OpenRLHF's remote reward request {query, prompts, labels} with {rewards}", () => {
    const script = `
import json, os, urllib.request
prompt = "<|im_start|>user\\nWhat is 2+2?<|im_end|>\\n<|im_start|>assistant\\n"
body = {"query": [prompt + "\\\\boxed{4}<|im_end|>", prompt + "\\\\boxed{5}<|im_end|>"], "prompts": [prompt, prompt], "labels": ["4", "4"]}
url = os.environ["CASCADE_REWARD_URL"] + "/openrlhf?domain=math"
request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(request, timeout=30).read().decode())
`;
    const result = python(script, { CASCADE_REWARD_URL: served.url });
    assert.equal(result.status, 0, result.stderr);
    const answer = JSON.parse(result.stdout) as { rewards: number[]; extra_logs: { correct: number[] } };
    assert.deepEqual(answer.rewards, [1, 0]);
    assert.deepEqual(answer.extra_logs.correct, [1, 0]);
  });

  it('SIGTERM stops it: exit code 0, and it says it finished', async () => {
    served.child.kill('SIGTERM');
    assert.equal(await served.exited, 0);
    assert.match(served.stderr(), /SIGTERM: finishing in-flight requests/);
    assert.match(served.stderr(), /stopped/);
  });
});
