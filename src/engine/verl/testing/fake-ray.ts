/**
 * A fake Ray dashboard for tests: the Jobs REST routes on 127.0.0.1 (port chosen by the system),
 * following Ray's documented API and lifecycle PENDING → RUNNING → SUCCEEDED | FAILED | STOPPED.
 * Time is counted in status polls, so tests are deterministic: each `GET /api/jobs/{id}` moves the
 * job one tick. Each job's course is scripted by `plan(submission)`. `dropConnections(n)` makes
 * the next n requests die without an answer, to exercise the client's retries.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RayJobStatus, RayJobSubmission } from '../ray-client.ts';
import { websocketAccept } from '../websocket.ts';

export interface FakeJobPlan {
  /** Polls spent PENDING (default 1) and RUNNING (default 2). */
  pendingPolls?: number;
  runningPolls?: number;
  outcome: 'SUCCEEDED' | 'FAILED';
  /** Log lines, written one per RUNNING poll; whatever is left is written when the job ends. */
  logLines?: string[];
  message?: string;
  /** Called when the job ends with SUCCEEDED (e.g. to write files a real trainer would). */
  onSucceeded?: () => void;
}

export interface FakeJob {
  submission: RayJobSubmission & { submission_id: string };
  status: RayJobStatus;
  message: string;
  logs: string;
  polls: number;
  start_time: number;
  end_time: number | null;
  driver_exit_code: number | null;
  plan: FakeJobPlan;
  tails: Set<Duplex>;
}

export interface FakeRay {
  url: string;
  jobs: Map<string, FakeJob>;
  /** `METHOD path` of every request answered (dropped ones included). */
  requests: string[];
  dropConnections(count: number): void;
  /** The next `count` requests take effect but their answers are lost (the socket is cut instead). */
  dropAnswers(count: number): void;
  close(): Promise<void>;
}

function serverFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([head, payload]);
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startFakeRay(plan: (submission: RayJobSubmission) => FakeJobPlan): Promise<FakeRay> {
  const jobs = new Map<string, FakeJob>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let drops = 0;
  let answerDrops = 0;
  const doomed = new WeakSet<ServerResponse>();

  const json = (res: ServerResponse, status: number, value: unknown) => {
    if (doomed.has(res)) return void res.socket?.destroy();
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const text = (res: ServerResponse, status: number, value: string) => {
    if (doomed.has(res)) return void res.socket?.destroy();
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(value);
  };

  function appendLog(job: FakeJob, line: string): void {
    job.logs += `${line}\n`;
    for (const socket of job.tails) socket.write(serverFrame(0x1, Buffer.from(`${line}\n`)));
  }

  function end(job: FakeJob, status: RayJobStatus, message: string): void {
    for (const line of (job.plan.logLines ?? []).slice(job.logs.split('\n').length - 1)) appendLog(job, line);
    job.status = status;
    job.message = message;
    job.end_time = Date.now();
    job.driver_exit_code = status === 'SUCCEEDED' ? 0 : status === 'FAILED' ? 1 : null;
    for (const socket of job.tails) socket.end(serverFrame(0x8, Buffer.from([0x03, 0xe8])));
    job.tails.clear();
    if (status === 'SUCCEEDED') job.plan.onSucceeded?.();
  }

  function tick(job: FakeJob): void {
    if (job.status === 'STOPPED' || job.status === 'SUCCEEDED' || job.status === 'FAILED') return;
    job.polls += 1;
    const pending = job.plan.pendingPolls ?? 1;
    const running = job.plan.runningPolls ?? 2;
    if (job.polls <= pending) return;
    if (job.polls <= pending + running) {
      if (job.status === 'PENDING') {
        job.status = 'RUNNING';
        job.message = 'Job is currently running.';
      }
      const next = job.plan.logLines?.[job.polls - pending - 1];
      if (next !== undefined) appendLog(job, next);
      return;
    }
    const outcome = job.plan.outcome;
    end(
      job,
      outcome,
      job.plan.message ??
        (outcome === 'SUCCEEDED'
          ? 'Job finished successfully.'
          : 'Job entrypoint command failed with exit code 1'),
    );
  }

  function details(job: FakeJob) {
    return {
      type: 'SUBMISSION',
      job_id: null,
      submission_id: job.submission.submission_id,
      driver_info: null,
      status: job.status,
      entrypoint: job.submission.entrypoint,
      message: job.message,
      error_type: job.status === 'FAILED' ? 'JOB_ENTRYPOINT_COMMAND_ERROR' : null,
      start_time: job.start_time,
      end_time: job.end_time,
      metadata: job.submission.metadata ?? {},
      runtime_env: job.submission.runtime_env ?? {},
      driver_exit_code: job.driver_exit_code,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/api/version')
      return json(res, 200, { version: '4', ray_version: '2.40.0', ray_commit: 'fake' });
    if (req.method === 'POST' && path === '/api/jobs/') {
      let body: RayJobSubmission;
      try {
        body = JSON.parse(await readBody(req)) as RayJobSubmission;
      } catch {
        return text(res, 400, 'request body is not JSON');
      }
      if (typeof body.entrypoint !== 'string' || body.entrypoint === '')
        return text(res, 400, 'entrypoint is required');
      const id = body.submission_id ?? `raysubmit_${randomBytes(8).toString('hex')}`;
      if (jobs.has(id))
        return text(
          res,
          400,
          `Job with submission_id ${id} already exists. Please use a different submission_id.`,
        );
      const submission = { ...body, submission_id: id };
      jobs.set(id, {
        submission,
        status: 'PENDING',
        message: 'Job has not started yet.',
        logs: '',
        polls: 0,
        start_time: Date.now(),
        end_time: null,
        driver_exit_code: null,
        plan: plan(submission),
        tails: new Set(),
      });
      return json(res, 200, { job_id: id, submission_id: id });
    }
    if (req.method === 'GET' && path === '/api/jobs/') return json(res, 200, [...jobs.values()].map(details));
    const match = /^\/api\/jobs\/([^/]+)(\/logs|\/stop)?$/.exec(path);
    const job = match ? jobs.get(decodeURIComponent(match[1])) : undefined;
    if (!match) return text(res, 404, 'not found');
    if (!job) return text(res, 404, `Job ${decodeURIComponent(match[1])} does not exist`);
    if (req.method === 'GET' && match[2] === undefined) {
      tick(job);
      return json(res, 200, details(job));
    }
    if (req.method === 'GET' && match[2] === '/logs') return json(res, 200, { logs: job.logs });
    if (req.method === 'POST' && match[2] === '/stop') {
      if (job.status !== 'PENDING' && job.status !== 'RUNNING') return json(res, 200, { stopped: false });
      end(job, 'STOPPED', 'Job was intentionally stopped.');
      return json(res, 200, { stopped: true });
    }
    if (req.method === 'DELETE' && match[2] === undefined) {
      if (job.status === 'PENDING' || job.status === 'RUNNING')
        return text(res, 400, `Job ${job.submission.submission_id} is not in a terminal state`);
      jobs.delete(job.submission.submission_id);
      return json(res, 200, { deleted: true });
    }
    return text(res, 405, 'method not allowed');
  }

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (drops > 0) {
      drops -= 1;
      req.socket.destroy();
      return;
    }
    if (answerDrops > 0) {
      answerDrops -= 1;
      doomed.add(res);
    }
    handle(req, res).catch((error: unknown) => text(res, 500, String(error)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    requests.push(`UPGRADE ${req.url}`);
    const match = /^\/api\/jobs\/([^/]+)\/logs\/tail$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const job = match ? jobs.get(decodeURIComponent(match[1])) : undefined;
    const key = req.headers['sec-websocket-key'];
    if (!job || typeof key !== 'string') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${websocketAccept(key)}\r\n\r\n`,
    );
    if (job.logs) socket.write(serverFrame(0x1, Buffer.from(job.logs)));
    if (job.status === 'STOPPED' || job.status === 'SUCCEEDED' || job.status === 'FAILED') {
      socket.end(serverFrame(0x8, Buffer.from([0x03, 0xe8])));
      return;
    }
    job.tails.add(socket);
    socket.on('data', () => {}); // the client's close/pong frames
    socket.on('error', () => job.tails.delete(socket));
    socket.on('close', () => job.tails.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    jobs,
    requests,
    dropConnections(count) {
      drops += count;
    },
    dropAnswers(count) {
      answerDrops += count;
    },
    close() {
      for (const job of jobs.values()) for (const socket of job.tails) socket.destroy();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
