#!/usr/bin/env python3
# Per-step reading of `semcot train-decoder`'s scores.json (semcot.decoder-eval/1) for the coin
# flips of the tiny preset ("X flips the coin, so it is now tails up."): per condition, the
# share of questions with the right number of steps, the share of gold steps whose person,
# action and state are right at their position, the share with the right number of flips and
# the right parity, the share whose every decoded line has the format; then the person by
# position. Usage: scripts/decoder_coin_steps.py RUN/decoder/scores.json [...]
# Columns: nsteps name action state flips# parity wellf (see docs/benchmarks.md, issue 18).
import json, re, sys
pat = re.compile(r"^(\w+) (flips|does not flip) the coin, so it is (?:now|still) (heads|tails) up\.$")
def parse(text):
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line: continue
        m = pat.match(line)
        out.append(m.groups() if m else (None, None, None))
    return out
for path in sys.argv[1:]:
    d = json.load(open(path))
    print(path, d["method"], "latents", d["latent_count"], "x", d["latent_dim"])
    print("%-8s %6s %6s %6s %6s %6s %6s %6s" % ("cond", "nsteps", "name", "action", "state", "flips#", "parity", "wellf"))
    for c in d["conditions"]:
        n = len(c["examples"]); same_len = name = act = state = steps = flipcount = parity = wellformed = tot = 0
        for e in c["examples"]:
            g, p = parse(e["gold_reasoning"]), parse(e["decoded"])
            same_len += len(g) == len(p)
            wellformed += all(x[0] for x in p) and len(p) > 0
            gf = sum(x[1] == "flips" for x in g); pf = sum(x[1] == "flips" for x in p)
            flipcount += gf == pf
            parity += (gf % 2) == (pf % 2)
            for i, gs in enumerate(g):
                tot += 1
                if i < len(p):
                    name += p[i][0] == gs[0]; act += p[i][1] == gs[1]; state += p[i][2] == gs[2]
        print("%-8s %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f" % (c["condition"], same_len / n, name / tot, act / tot, state / tot, flipcount / n, parity / n, wellformed / n))
    # Names: per position, and anywhere in the decoded text; the first step's person.
    for c in d["conditions"]:
        pos = {}; anywhere = tot = 0
        for e in c["examples"]:
            g, p = parse(e["gold_reasoning"]), parse(e["decoded"])
            pn = set(x[0] for x in p)
            for i, gs in enumerate(g):
                hit = i < len(p) and p[i][0] == gs[0]
                a, b = pos.get(i, (0, 0)); pos[i] = (a + hit, b + 1)
                anywhere += gs[0] in pn; tot += 1
        print("  %-7s name by position: %s; gold names anywhere in the text: %.3f" % (c["condition"],
              " ".join("%d:%.2f" % (i + 1, a / b) for i, (a, b) in sorted(pos.items())), anywhere / tot))
