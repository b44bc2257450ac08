#!/usr/bin/python3
"""Independent reference forward pass of the Llama-family decoders the engine loads.

Written from the published model definitions (transformers' modeling_llama, modeling_mistral,
modeling_qwen2, modeling_qwen3 and modeling_rope_utils), not from the engine's code, in float64
with Debian's python3-torch. Reads a Hugging Face folder (config.json + model.safetensors, read
here by hand: 8-byte length, JSON header, raw little-endian bytes) and token ids, and prints the
logits of every position as JSON: {"logits": [[...], ...]}.

usage: llama_family_reference.py FOLDER ID [ID ...]
"""
import json
import math
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.zeros(0)
        tensors[name] = t.reshape(info["shape"]).to(torch.float64)
    return tensors


def inv_freq(cfg, dim):
    rope = cfg.get("rope_parameters") or cfg.get("rope_scaling") or {}
    base = rope.get("rope_theta", cfg.get("rope_theta", 10000.0))
    inv = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    kind = rope.get("rope_type", rope.get("type", "default"))
    if kind == "linear":
        inv = inv / rope["factor"]
    elif kind == "llama3":
        factor, low, high = rope["factor"], rope["low_freq_factor"], rope["high_freq_factor"]
        old = rope["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv
        scaled = torch.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
        inv = torch.where(medium, smoothed, scaled)
    elif kind not in ("default", "dynamic"):  # dynamic: default within the context
        raise SystemExit("unsupported rope type " + kind)
    return inv


def rms_norm(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def linear(x, w, prefix):
    y = x @ w[prefix + ".weight"].T
    return y + w[prefix + ".bias"] if prefix + ".bias" in w else y


def forward(folder, ids):
    with open(folder + "/config.json") as f:
        cfg = json.load(f)
    w = read_safetensors(folder + "/model.safetensors")
    kind = cfg.get("model_type", "llama")
    H = cfg["num_attention_heads"]
    Hkv = cfg.get("num_key_value_heads", H)
    D = cfg["hidden_size"]
    Dh = cfg.get("head_dim") or D // H
    eps = cfg.get("rms_norm_eps", 1e-6)
    window = cfg.get("sliding_window") if kind == "mistral" else None
    T = len(ids)

    pos = torch.arange(T, dtype=torch.float64)
    freqs = torch.outer(pos, inv_freq(cfg, Dh))
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()  # [T, Dh]

    qi = torch.arange(T).unsqueeze(1)
    ki = torch.arange(T).unsqueeze(0)
    allowed = ki <= qi
    if window:
        allowed = allowed & (ki > qi - window)

    h = w["model.embed_tokens.weight"][torch.tensor(ids)]
    for layer in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % layer
        x = rms_norm(h, w[p + "input_layernorm.weight"], eps)
        q = linear(x, w, p + "self_attn.q_proj").view(T, H, Dh)
        k = linear(x, w, p + "self_attn.k_proj").view(T, Hkv, Dh)
        v = linear(x, w, p + "self_attn.v_proj").view(T, Hkv, Dh)
        if kind == "qwen3":
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # [heads, T, Dh]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(H // Hkv, dim=0)
        v = v.repeat_interleave(H // Hkv, dim=0)
        scores = (q @ k.transpose(1, 2)) / math.sqrt(Dh)
        scores = scores.masked_fill(~allowed, float("-inf"))
        a = torch.softmax(scores, dim=-1) @ v  # [H, T, Dh]
        a = a.transpose(0, 1).reshape(T, H * Dh)
        h = h + linear(a, w, p + "self_attn.o_proj")
        x = rms_norm(h, w[p + "post_attention_layernorm.weight"], eps)
        gate = linear(x, w, p + "mlp.gate_proj")
        up = linear(x, w, p + "mlp.up_proj")
        h = h + linear(torch.nn.functional.silu(gate) * up, w, p + "mlp.down_proj")
    h = rms_norm(h, w["model.norm.weight"], eps)
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return h @ head.T


if __name__ == "__main__":
    logits = forward(sys.argv[1], [int(a) for a in sys.argv[2:]])
    json.dump({"logits": logits.tolist()}, sys.stdout)
