# Refreshes the README sample output blocks from a demo ledger: python3 fill-readme.py REPO_ROOT DEMO_LEDGER
import re, subprocess, sys
root, ledger = sys.argv[1], sys.argv[2]
p = root + "/README.md"
s = open(p).read()
# The tour runs on the story's last day (its last commit's), so the quarter it ends in shows as
# in progress and the output does not change with the calendar; kpi's today is GIT_AUTHOR_DATE's day.
today = subprocess.run(["git", "-C", ledger, "log", "-1", "--format=%aI"], capture_output=True, text=True, check=True).stdout.strip()
def out(args):
    r = subprocess.run([root + "/.build/debug/kpi", "-C", ledger] + args.split(), capture_output=True, text=True,
                       env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": "/tmp", "GIT_AUTHOR_DATE": today})
    return r.stdout
def repl(m):
    kind, arg, lang = m.group(1), m.group(2), m.group(3)
    body = out(arg) if kind == "kpi-output" else open(root + "/" + arg).read()
    return f"<!-- {kind}: {arg} -->\n```{lang}\n{body}```"
s = re.sub(r"<!-- (kpi-output|file): (.*?) -->\n```(\w+)\n.*?```", repl, s, flags=re.S)
open(p, "w").write(s)
