"""verl custom reward function that asks a Cascade reward service (`cascade serve-rewards`).

Standard library only. Point verl at this file:

    custom_reward_function.path=integrations/verl/cascade_reward.py
    custom_reward_function.name=compute_score            # naive / dapo reward managers
    # or, scoring a whole batch per request (recommended):
    reward_model.reward_manager=batch
    custom_reward_function.name=compute_score_batch

(newer verl spells these reward.custom_reward_function.* and reward.reward_manager.*)
and set CASCADE_REWARD_URL (default http://127.0.0.1:8088) on every worker, or CASCADE_REWARD_URLS
(comma-separated replicas): batches are then sent to the replicas in parallel, round robin, and a
request that a replica refuses (down, 429, 503) moves on to the next one.

Routing: the row's domain is ground_truth["domain"], else extra_info["domain"], else taken from
data_source ("math", "cascade/ifeval", or a known dataset name below). The ground truth is either
the gold answer (math, mcq) or a JSON object (or dict) with the domain's task fields, e.g.
{"instruction_id_list": [...], "kwargs": [...]} for ifeval or {"language": "python", "tests": [...]}
for code. Each call returns {"score": reward, "acc": 1.0 or 0.0}; verl logs both.
"""

import itertools
import json
import os
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

URL = os.environ.get("CASCADE_REWARD_URL", "http://127.0.0.1:8088").rstrip("/")
URLS = [url.strip().rstrip("/") for url in os.environ.get("CASCADE_REWARD_URLS", "").split(",") if url.strip()] or [URL]
_next_replica = itertools.count()
BATCH_ROWS = int(os.environ.get("CASCADE_REWARD_BATCH", "512"))
MAX_BYTES = int(os.environ.get("CASCADE_REWARD_MAX_BYTES", str(16 * 1024 * 1024)))  # service default: 32 MiB
TIMEOUT_S = float(os.environ.get("CASCADE_REWARD_TIMEOUT_S", "600"))
DOMAINS = {"math", "ifeval", "ifbench", "mcq", "tool", "swe", "language", "code"}
# dataset names seen as data_source in verl preprocessors -> Cascade domain (prefix match)
DATA_SOURCES = {
    "openai/gsm8k": "math",
    "lighteval/MATH": "math",
    "DigitalLearningGmbH/MATH-lighteval": "math",
    "math_dapo": "math",
    "aime": "math",
    "Idavidrein/gpqa": "mcq",
    "TIGER-Lab/MMLU-Pro": "mcq",
    "livecodebench": "code",
    "codecontests": "code",
    "google/IFEval": "ifeval",
}


def domain_of(data_source, extra_info):
    if isinstance(extra_info, dict) and extra_info.get("domain"):
        return str(extra_info["domain"])
    name = str(data_source)
    if name.startswith("cascade/"):
        name = name[len("cascade/"):]
    if name in DOMAINS:
        return name
    for prefix, domain in DATA_SOURCES.items():
        if name.startswith(prefix):
            return domain
    return name  # the service answers an unknown domain with an error verdict naming it


def row_of(data_source, solution_str, ground_truth, extra_info=None):
    if isinstance(ground_truth, str) and ground_truth.strip().startswith("{"):
        try:
            ground_truth = json.loads(ground_truth)
        except ValueError:
            pass  # a plain answer that starts with a brace, such as a set
    row = dict(ground_truth) if isinstance(ground_truth, dict) else {"answer": ground_truth}
    row.setdefault("domain", domain_of(data_source, extra_info))
    row["response"] = solution_str
    return row


def _plain(value):
    # parquet hands nested lists over as numpy arrays; JSON wants lists
    return value.tolist() if hasattr(value, "tolist") else str(value)


def post(path, payload, attempts=30, replica=None):
    """POSTs JSON (a value, or bytes already encoded) to a replica; waits out 429/503 and connection
    errors, moving to the next replica after each."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload, default=_plain).encode("utf-8")
    start = next(_next_replica) if replica is None else replica
    for attempt in range(attempts):
        url = URLS[(start + attempt) % len(URLS)]
        request = urllib.request.Request(
            url + path, data=body, headers={"content-type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code not in (429, 503):
                raise RuntimeError(f"cascade reward service {url}: HTTP {error.code}: {error.read()[:500]!r}")
            wait = float(error.headers.get("retry-after") or 1)
        except urllib.error.URLError:
            wait = min(2 ** (attempt // len(URLS)), 10)
        # a refusing replica is skipped at once while another is left to try this round
        if (attempt + 1) % len(URLS) == 0:
            time.sleep(wait)
    raise RuntimeError(f"cascade reward service at {', '.join(URLS)} did not answer after {attempts} attempts")


def batches(rows):
    """Encoded request bodies of at most BATCH_ROWS rows and about MAX_BYTES each (long responses)."""
    chunk, size = [], 2
    for row in rows:
        encoded = json.dumps(row, default=_plain).encode("utf-8")
        if chunk and (len(chunk) >= BATCH_ROWS or size + len(encoded) + 1 > MAX_BYTES):
            yield len(chunk), b"[" + b",".join(chunk) + b"]"
            chunk, size = [], 2
        chunk.append(encoded)
        size += len(encoded) + 1
    if chunk:
        yield len(chunk), b"[" + b",".join(chunk) + b"]"


def _score(verdict):
    if verdict["status"] != "scored":
        sys.stderr.write(f"cascade reward {verdict['status']}: {verdict['reason']}\n")
    return {"score": float(verdict["reward"]), "acc": 1.0 if verdict["correct"] else 0.0}


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    row = row_of(data_source, solution_str, ground_truth, extra_info)
    return _score(post("/v1/verify", [row])["verdicts"][0])


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    extra_infos = extra_infos if extra_infos is not None else [None] * len(solution_strs)
    rows = [row_of(*fields) for fields in zip(data_sources, solution_strs, ground_truths, extra_infos)]
    requests = list(batches(rows))
    start = next(_next_replica)

    def send(indexed):
        index, (count, body) = indexed
        verdicts = post("/v1/verify", body, replica=start + index)["verdicts"]
        if len(verdicts) != count:
            raise RuntimeError(f"cascade reward service answered {len(verdicts)} verdicts for {count} rows")
        return verdicts

    # one request in flight per replica; map keeps the batches' order
    with ThreadPoolExecutor(max_workers=min(len(URLS), max(1, len(requests)))) as pool:
        answered = list(pool.map(send, enumerate(requests)))
    return [_score(verdict) for verdicts in answered for verdict in verdicts]
