// The ids and text Hugging Face's JavaScript port gives for the tokenizer.json files that
// test_hf_tokenizer's addedSpecialTokenIsSavedAndLoaded saves (a real file + <thought>):
//   NODE_PATH=/tmp/x/node_modules node tests/reference/hf_added_token_ids.mjs build/tests/tmp
import fs from "fs"; import path from "path"; import { createRequire } from "module";
const require = createRequire(path.join(process.env.NODE_PATH, "x.js"));
const { Tokenizer } = require("@huggingface/tokenizers");
for (const f of ["llama3","qwen3","mistral"]) {
  const d = path.join(process.argv[2], "hf_saved_" + f);
  const tok = new Tokenizer(JSON.parse(fs.readFileSync(d+"/tokenizer.json")), JSON.parse(fs.readFileSync(d+"/tokenizer_config.json")));
  const e = tok.encode("Hello, world! 1234 <thought> done.", {add_special_tokens: false});
  console.log(f, e.ids.join(" "), JSON.stringify(tok.decode(e.ids)));
}
