"""PyTorch reference for `bench/engine.ts`: one training step of the same Qwen3-architecture model.

Plain torch (no transformers): RMSNorm, q/k RMSNorm, rotate-half RoPE, grouped-query attention with a
causal mask, SwiGLU MLP, tied or untied LM head. The step is the embedded engine's: forward, the
weighted token log-likelihood loss -sum(w * logp) / normalizer with signed per-token weights, backward,
global-norm clipping to 1.0, AdamW (decay on 2-D weights only). Prints one JSON object on stdout.

Run it the way the bench does: OPENBLAS_NUM_THREADS=2 python3 bench/torch_reference.py --threads 1 ...
"""

import argparse
import json
import math
import os
import statistics
import time

import torch
import torch.nn.functional as F


class RMSNorm(torch.nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        rstd = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return x * rstd * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Block(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = a.heads, a.kv_heads, a.head_dim
        self.input_layernorm = RMSNorm(a.hidden, a.eps)
        self.q_proj = torch.nn.Linear(a.hidden, a.heads * a.head_dim, bias=False)
        self.k_proj = torch.nn.Linear(a.hidden, a.kv_heads * a.head_dim, bias=False)
        self.v_proj = torch.nn.Linear(a.hidden, a.kv_heads * a.head_dim, bias=False)
        self.q_norm = RMSNorm(a.head_dim, a.eps)
        self.k_norm = RMSNorm(a.head_dim, a.eps)
        self.o_proj = torch.nn.Linear(a.heads * a.head_dim, a.hidden, bias=False)
        self.post_attention_layernorm = RMSNorm(a.hidden, a.eps)
        self.gate_proj = torch.nn.Linear(a.hidden, a.ffn, bias=False)
        self.up_proj = torch.nn.Linear(a.hidden, a.ffn, bias=False)
        self.down_proj = torch.nn.Linear(a.ffn, a.hidden, bias=False)

    def forward(self, x, cos, sin, mask):
        B, T, _ = x.shape
        h = self.input_layernorm(x)
        q = self.q_norm(self.q_proj(h).view(B, T, self.heads, self.head_dim)).transpose(1, 2)
        k = self.k_norm(self.k_proj(h).view(B, T, self.kv_heads, self.head_dim)).transpose(1, 2)
        v = self.v_proj(h).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        group = self.heads // self.kv_heads
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        y = torch.softmax(scores, dim=-1) @ v
        x = x + self.o_proj(y.transpose(1, 2).reshape(B, T, self.heads * self.head_dim))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Qwen3(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        self.embed_tokens = torch.nn.Embedding(a.vocab, a.hidden)
        self.layers = torch.nn.ModuleList(Block(a) for _ in range(a.layers))
        self.norm = RMSNorm(a.hidden, a.eps)
        self.lm_head = None if a.tied else torch.nn.Linear(a.hidden, a.vocab, bias=False)
        inv_freq = a.rope_theta ** (-torch.arange(0, a.head_dim, 2, dtype=torch.float64) / a.head_dim)
        angles = torch.outer(torch.arange(a.seq, dtype=torch.float64), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)
        self.register_buffer("cos", angles.cos().float(), persistent=False)
        self.register_buffer("sin", angles.sin().float(), persistent=False)
        causal = torch.full((a.seq, a.seq), float("-inf")).triu(1)
        self.register_buffer("mask", causal, persistent=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                torch.nn.init.normal_(p, std=0.02)

    def forward(self, tokens):
        x = self.embed_tokens(tokens)
        for layer in self.layers:
            x = layer(x, self.cos, self.sin, self.mask)
        x = self.norm(x)
        head = self.embed_tokens.weight if self.lm_head is None else self.lm_head.weight
        return x @ head.t()


def main():
    p = argparse.ArgumentParser()
    for name, default in [
        ("layers", 4), ("hidden", 256), ("heads", 4), ("kv-heads", 2), ("head-dim", 64), ("ffn", 768),
        ("vocab", 512), ("batch", 8), ("seq", 128), ("steps", 6), ("warmup", 2), ("threads", 1),
    ]:
        p.add_argument(f"--{name}", type=int, default=default)
    p.add_argument("--untied", action="store_true")
    p.add_argument("--eps", type=float, default=1e-6)
    p.add_argument("--rope-theta", type=float, default=10000.0)
    a = p.parse_args()
    a.tied = not a.untied
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Qwen3(a)
    params = sum(t.numel() for t in model.parameters())
    decay = [t for t in model.parameters() if t.dim() == 2]
    no_decay = [t for t in model.parameters() if t.dim() != 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3
    )
    g = torch.Generator().manual_seed(1)
    tokens = torch.randint(0, a.vocab, (a.batch, a.seq), generator=g)
    weights = torch.randn(a.batch, a.seq - 1, generator=g)  # signed, GRPO-shaped per-token weights
    normalizer = float(a.batch * a.seq)

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(tokens)[:, :-1]
        logp = torch.log_softmax(logits, dim=-1).gather(-1, tokens[:, 1:, None]).squeeze(-1)
        loss = -(weights * logp).sum() / normalizer
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    times, losses = [], []
    for i in range(a.warmup + a.steps):
        start = time.perf_counter()
        losses.append(step())
        if i >= a.warmup:
            times.append(time.perf_counter() - start)
    print(json.dumps({
        "params": params,
        "step_ms": statistics.median(times) * 1000,
        "steps_ms": [t * 1000 for t in times],
        "tokens_per_step": a.batch * a.seq,
        "losses": losses,
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }))


if __name__ == "__main__":
    main()
