#!/usr/bin/python3
"""PyTorch eager reference for the training benchmark (issue 13): the tiny teacher's shape
(Llama: RMSNorm, RoPE, grouped-query attention, SwiGLU), trained for a fixed number of AdamW
steps with gradient clipping on fixed random batches, timed the same way as
`semcot bench --train`. Run with Debian's python3-torch (/usr/bin/python3), the same libtorch.

Prints one JSON line: {"tokens_per_s", "steps_per_s", "seconds", "steps", "batch", "length",
"threads", "torch"}.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F


class Block(torch.nn.Module):
    def __init__(self, d, inter, heads, kv_heads):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, d // heads
        hd = self.head_dim
        self.q = torch.nn.Linear(d, heads * hd, bias=False)
        self.k = torch.nn.Linear(d, kv_heads * hd, bias=False)
        self.v = torch.nn.Linear(d, kv_heads * hd, bias=False)
        self.o = torch.nn.Linear(heads * hd, d, bias=False)
        self.gate = torch.nn.Linear(d, inter, bias=False)
        self.up = torch.nn.Linear(d, inter, bias=False)
        self.down = torch.nn.Linear(inter, d, bias=False)
        self.norm1 = torch.nn.Parameter(torch.ones(d))
        self.norm2 = torch.nn.Parameter(torch.ones(d))

    @staticmethod
    def rms(x, w, eps=1e-5):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w

    @staticmethod
    def rope(x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat((-x[..., half:], x[..., :half]), dim=-1)
        return x * cos + rotated * sin

    def forward(self, x, cos, sin, mask):
        B, T, _ = x.shape
        h = self.rms(x, self.norm1)
        q = self.q(h).view(B, T, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(h).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v(h).view(B, T, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
        rep = self.heads // self.kv_heads
        k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        out = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, -1)
        x = x + self.o(out)
        h = self.rms(x, self.norm2)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Llama(torch.nn.Module):
    def __init__(self, vocab, d, inter, layers, heads, kv_heads, theta=10000.0):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, d)
        self.blocks = torch.nn.ModuleList(Block(d, inter, heads, kv_heads) for _ in range(layers))
        self.norm = torch.nn.Parameter(torch.ones(d))
        self.head = torch.nn.Linear(d, vocab, bias=False)
        hd = d // heads
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, hd, 2).float() / hd))

    def forward(self, ids):
        B, T = ids.shape
        pos = torch.arange(T).float()
        freqs = torch.outer(pos, self.inv_freq)
        emb = torch.cat((freqs, freqs), -1)
        cos, sin = emb.cos()[None, None], emb.sin()[None, None]
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.embed(ids)
        for b in self.blocks:
            x = b(x, cos, sin, mask)
        return self.head(Block.rms(x, self.norm))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--length", type=int, default=170)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--vocab", type=int, default=401)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--intermediate", type=int, default=352)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=2)
    a = ap.parse_args()
    torch.manual_seed(0)
    model = Llama(a.vocab, a.hidden, a.intermediate, a.layers, a.heads, a.kv_heads)
    for p in model.parameters():
        if p.dim() >= 2:
            torch.nn.init.normal_(p, std=0.02)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    batches = [torch.randint(a.vocab, (a.batch, a.length)) for _ in range(4)]

    def step(ids):
        logits = model(ids)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, a.vocab), ids[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for i in range(a.warmup):
        step(batches[i % len(batches)])
    start = time.perf_counter()
    for i in range(a.steps):
        step(batches[i % len(batches)])
    seconds = time.perf_counter() - start
    print(json.dumps({"tokens_per_s": a.steps * a.batch * a.length / seconds,
                      "steps_per_s": a.steps / seconds, "seconds": seconds, "steps": a.steps,
                      "batch": a.batch, "length": a.length, "threads": torch.get_num_threads(),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
