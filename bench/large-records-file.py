#!/usr/bin/env python3
# bench/large-records-file.py EXAMPLE DIR MB: a ledger (a copy of ledger-example, committed with git) whose
# records/2026-Q3/alice.yaml holds about MB megabytes of valid records (BENCHMARKS.md, "Large files").
import os, subprocess, sys, shutil
src, dst, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst, ignore=shutil.ignore_patterns('tools', 'README.md', 'history.kpi'))
run = lambda *a: subprocess.run(a, cwd=dst, check=True, stdout=subprocess.DEVNULL)
run('git', 'init', '-q', '-b', 'main')
run('git', 'config', 'user.name', 'Bench'); run('git', 'config', 'user.email', 'hr@northwind.example')
run('git', 'config', 'commit.gpgsign', 'false')
path = os.path.join(dst, 'records/2026-Q3/alice.yaml')
old = open(path).read()
metrics = [('retention', '%'), ('conversion_rate', '%'), ('nps', ''), ('revenue', ' USD')]
out = [old]
size = len(old); n = 0
while size < mb * 1_000_000:
    m, u = metrics[n % 4]
    day = 1 + n % 30
    month = 7 + (n // 30) % 3
    v = f"{n % 1000}.{n % 7}{u}" if u != '%' else f"{n % 100}.{n % 10}%"
    s = f"  - date: 2026-{month:02d}-{day:02d}\n    metric: {m}\n    value: {v}\n    source: bulk load {n}\n"
    out.append(s); size += len(s); n += 1
open(path, 'w').write(''.join(out))
run('git', 'add', '-A'); run('git', 'commit', '-q', '-m', 'start')
print(dst, n, 'records', size)
