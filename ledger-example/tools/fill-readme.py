# Refreshes the README sample output blocks from a demo ledger: python3 fill-readme.py REPO_ROOT DEMO_LEDGER
import re, subprocess, sys
root, ledger = sys.argv[1], sys.argv[2]
p = root + "/README.md"
s = open(p).read()
def out(args):
    r = subprocess.run([root + "/.build/debug/kpi", "-C", ledger] + args.split(), capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": "/tmp"})
    return r.stdout
def repl(m):
    kind, arg, lang = m.group(1), m.group(2), m.group(3)
    body = out(arg) if kind == "kpi-output" else open(root + "/" + arg).read()
    return f"<!-- {kind}: {arg} -->\n```{lang}\n{body}```"
s = re.sub(r"<!-- (kpi-output|file): (.*?) -->\n```(\w+)\n.*?```", repl, s, flags=re.S)
open(p, "w").write(s)
