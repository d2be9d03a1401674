#!/usr/bin/env python3
"""A ledger whose history is N commits, each signed with an SSH key (SSHSIG, as git signs):
for timing `kpi verify` (BENCHMARKS.md). Usage: bench/signed-history.py DIR [N]

`kpi init` makes the ledger; bob's people file lists the key; then N commits, each adding one
record to bob's records file, are written as loose objects with their signature from
`ssh-keygen -Y sign -n git` (one process per commit, like git; the slow part of the set-up).
"""
import hashlib, os, subprocess, sys, zlib

def run(*args, cwd=None, input=None):
    return subprocess.run(args, cwd=cwd, input=input, check=True, capture_output=True).stdout

def write_object(git_dir, kind, body):
    data = kind.encode() + b" " + str(len(body)).encode() + b"\0" + body
    oid = hashlib.sha1(data).hexdigest()
    path = os.path.join(git_dir, "objects", oid[:2], oid[2:])
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(zlib.compress(data, 1))
    return oid

def tree_bytes(ls_tree, records_tree):
    """The top tree of `ls_tree` (git ls-tree output) with records/ pointing at records_tree,
    in git's order (a folder sorts as its name followed by /)."""
    entries = []
    for line in ls_tree.splitlines():
        meta, name = line.split("\t", 1)
        mode, kind, oid = meta.split()
        if name != "records":
            entries.append((mode, name, oid, kind))
    entries.append(("040000", "records", records_tree, "tree"))
    entries.sort(key=lambda e: e[1] + ("/" if e[3] == "tree" else ""))
    return b"".join(f"{m.lstrip('0')} {n}".encode() + b"\0" + bytes.fromhex(o) for m, n, o, _ in entries)

def main():
    root, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    kpi = os.environ.get("KPI", "kpi")
    env = dict(os.environ, GIT_AUTHOR_NAME="Bob", GIT_AUTHOR_EMAIL="bob@example.com",
               GIT_COMMITTER_NAME="Bob", GIT_COMMITTER_EMAIL="bob@example.com")
    os.environ.update(env)
    run(kpi, "init", root, "--name", "Signed")
    key = os.path.join(root, ".git", "bench_key")
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key)
    pub = open(key + ".pub").read().strip()
    os.makedirs(os.path.join(root, "people"), exist_ok=True)
    with open(os.path.join(root, "people", "bob.yaml"), "w") as f:
        f.write(f"name: Bob\nemail: bob@example.com\nsigning_keys:\n  - {pub}\n")
    run("git", "add", "-A", cwd=root)
    run("git", "commit", "-q", "-m", "bob and his key", cwd=root)
    git_dir = os.path.join(root, ".git")
    parent = run("git", "rev-parse", "HEAD", cwd=root).decode().strip()
    base_tree = run("git", "rev-parse", "HEAD^{tree}", cwd=root).decode().strip()
    # records/2026-Q3/bob.yaml grows by one record per commit; the tree is rebuilt with mktree.
    records = "subject: bob\nquarter: 2026-Q3\nrecords:\n"
    top = run("git", "ls-tree", base_tree, cwd=root).decode()
    t0 = 1790900000   # October 2026: after the records it adds
    for i in range(n):
        records += f"  - date: 2026-07-{1 + i % 28:02d}\n    metric: revenue\n    value: {1000 + i}\n"
        blob = write_object(git_dir, "blob", records.encode())
        q = write_object(git_dir, "tree", b"100644 bob.yaml\0" + bytes.fromhex(blob))
        rec = write_object(git_dir, "tree", b"40000 2026-Q3\0" + bytes.fromhex(q))
        tree = write_object(git_dir, "tree", tree_bytes(top, rec))
        stamp = f"{t0 + i * 60} +0800"
        body = (f"tree {tree}\nparent {parent}\nauthor Bob <bob@example.com> {stamp}\n"
                f"committer Bob <bob@example.com> {stamp}\n\nrecord {i}\n").encode()
        sig = run("ssh-keygen", "-Y", "sign", "-n", "git", "-f", key, input=body).decode()
        header, _, message = body.partition(b"\n\n")
        signed = header + b"\ngpgsig " + sig.rstrip("\n").replace("\n", "\n ").encode() + b"\n\n" + message
        parent = write_object(git_dir, "commit", signed)
    run("git", "update-ref", "refs/heads/main", parent, cwd=root)
    run("git", "reset", "-q", "--hard", cwd=root)

main()
