"""Checks that folders saved by semcot open in Hugging Face transformers and vice versa.

usage: hf_interop.py OUR_SAVED_FOLDER ORIGINAL_FOLDER SEMCOT_BINARY
(run by scripts/gpu-check where transformers is installed)
"""
import os, shutil, subprocess, sys, tempfile
import sentencepiece as spm
import torch
from transformers import LlamaConfig, LlamaForCausalLM

ours, original, semcot = sys.argv[1:4]
sp = spm.SentencePieceProcessor(model_file=os.path.join(original, "tokenizer.model"))

# 1. Our saved stories260K in transformers: greedy 150 tokens from BOS must equal the README.
m = LlamaForCausalLM.from_pretrained(ours, torch_dtype=torch.float32)
out = m.generate(torch.tensor([[1]]), max_new_tokens=150, do_sample=False)
text = sp.decode(out[0, 1:].tolist())
readme = open(os.path.join(original, "README.md")).read()
i = readme.index("## Expected output"); o = readme.index("```\n", i) + 4; c = readme.index("\n```", o)
print("semcot-saved folder in transformers:", "MATCH" if text == readme[o:c] else "DIFFERENT\n" + text)

# 2. A random model saved by transformers, loaded by semcot: same greedy tokens.
torch.manual_seed(0)
cfg = LlamaConfig(vocab_size=512, hidden_size=64, intermediate_size=160, num_hidden_layers=3,
                  num_attention_heads=8, num_key_value_heads=2, max_position_embeddings=256,
                  tie_word_embeddings=False, bos_token_id=1, eos_token_id=2)
hf = LlamaForCausalLM(cfg)
for p in hf.parameters():
    torch.nn.init.normal_(p, std=0.3)
d = tempfile.mkdtemp()
hf.save_pretrained(d, safe_serialization=True)
shutil.copy(os.path.join(original, "tokenizer.model"), d)
gen = hf.generate(torch.tensor([[1]]), max_new_tokens=40, do_sample=False)[0, 1:].tolist()
if 2 in gen:
    gen = gen[: gen.index(2)]
hf_text = sp.decode(gen)
ours_text = subprocess.run([semcot, "generate", "--model", d, "--max-new-tokens", "40", "--device", "cpu"],
                           capture_output=True, text=True).stdout
print("transformers-saved folder in semcot:", "MATCH" if hf_text == ours_text else "DIFFERENT", repr(hf_text[:60]), repr(ours_text[:60]))
