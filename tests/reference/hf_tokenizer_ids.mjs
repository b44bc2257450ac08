// Expected ids for tests/test_hf_tokenizer.cpp from Hugging Face's own JavaScript port of its
// tokenizers (npm @huggingface/tokenizers), the reference implementation.
//   cd /tmp/x && npm install @huggingface/tokenizers
//   NODE_PATH=/tmp/x/node_modules node tests/reference/hf_tokenizer_ids.mjs ../shared/tokenizers \
//       tests/data/hf_tokenizers/corpus.json > tests/data/hf_tokenizers/expected.json
import fs from "fs";
import path from "path";
import { createRequire } from "module";

const require = createRequire(path.join(process.env.NODE_PATH || ".", "x.js"));
const { Tokenizer } = require("@huggingface/tokenizers");
const [root, corpusFile] = process.argv.slice(2);
const corpus = JSON.parse(fs.readFileSync(corpusFile, "utf8"));
const pkg = path.join(process.env.NODE_PATH || "node_modules", "@huggingface/tokenizers/package.json");
const out = { reference: "@huggingface/tokenizers " + JSON.parse(fs.readFileSync(pkg, "utf8")).version,
              families: {} };
for (const family of ["llama3", "qwen3", "mistral"]) {
  const dir = path.join(root, family);
  const tok = new Tokenizer(JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")),
                            JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8")));
  out.families[family] = corpus.map((text) => tok.encode(text, { add_special_tokens: false }).ids);
  // What encoding for a model adds (BOS or not): the first strings with the special tokens.
  out.with_special_tokens = out.with_special_tokens || {};
  out.with_special_tokens[family] =
      corpus.slice(0, 4).map((text) => tok.encode(text, { add_special_tokens: true }).ids);
}
process.stdout.write(JSON.stringify(out) + "\n");
