"""pattern-cli sub-commands: clone, changes, share, update, token. Git inside, no git install needed.

    pattern-cli clone URL DIR [--depth 1]
    pattern-cli changes DIR [--format text|json]
    pattern-cli share DIR [-m MESSAGE] [--branch NAME] [--remote NAME] [--author "Name <email>"]
    pattern-cli update DIR [--remote NAME] [--author "Name <email>"] [--format text|json]
    pattern-cli token HOST [--forget]          # reads the token from standard input

HTTPS tokens come from the OS keychain (``token`` stores one) or PATTERN_EDITOR_GIT_TOKEN; SSH uses
the agent or ``--ssh-key``. Exit 0 ok; 1 when ``update`` leaves conflicts (records beside each file)
or ``share`` was rejected because the library moved on (run ``update``, then share again); 2 errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from editor.cli.common import FINDINGS, OK, USAGE, err
from editor.model.sync import auth as _auth
from editor.model.sync.errors import PushRejected
from editor.model.sync.repo import Identity


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to pattern-cli."""
    p = sub.add_parser("clone", help="get a library: copy a repository (URL or folder) into DIR")
    p.add_argument("url", metavar="URL", help="https://…, ssh://…, git@host:owner/repo.git or a local folder")
    p.add_argument("dir", metavar="DIR", help="a new (or empty) folder")
    p.add_argument("--depth", type=int, default=0, help="1: only the latest version (a fast start)")
    _network_options(p)
    p.set_defaults(func=cmd_clone)

    p = sub.add_parser("changes", help="the patterns changed since the last sync, with a summary each")
    p.add_argument("dir", metavar="DIR", help="the library (its pattern folder or any folder in it)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("share", help="commit the changed patterns on a branch and push it")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("-m", "--message", help="the commit message (default: drafted from the changes)")
    p.add_argument(
        "--branch",
        help="the branch to commit on and push (default: a topic branch named from the message); "
        "the library's main branch (e.g. main) is a direct push",
    )
    p.add_argument("--remote", help="the remote to push to (default: origin)")
    p.add_argument("--author", help="\"Name <email>\" (default: the app's saved identity, then git's)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _network_options(p)
    p.set_defaults(func=cmd_share)

    p = sub.add_parser("update", help="get the latest: fetch and merge semantically (exit 1 on conflicts)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--remote", help="the remote to get from (default: origin)")
    p.add_argument("--author", help='"Name <email>" for a merge commit')
    p.add_argument("--format", choices=("text", "json"), default="text")
    _network_options(p)
    p.set_defaults(func=cmd_update)

    p = sub.add_parser("token", help="store an HTTPS token for HOST in the OS keychain (read from stdin)")
    p.add_argument("host", metavar="HOST", help="e.g. github.com (or a repository URL)")
    p.add_argument("--forget", action="store_true", help="remove the stored token instead")
    p.set_defaults(func=cmd_token)


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ssh-key", metavar="FILE", help="a private key for SSH (default: the SSH agent)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on standard error")


def _auth_from(args: argparse.Namespace) -> _auth.Auth:
    return _auth.Auth(ssh_key=Path(args.ssh_key).expanduser() if args.ssh_key else None)


def _progress(args: argparse.Namespace) -> _auth.Progress | None:
    if args.quiet or not sys.stderr.isatty():
        return None

    def show(done: int, total: int, size: int) -> None:
        pct = 100 * done // total if total else 0
        print(f"\r{pct:3d}% ({done}/{total} objects, {size / 1e6:.1f} MB)", end="", file=sys.stderr, flush=True)

    return show


def _done_progress(args: argparse.Namespace) -> None:
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)


def cmd_clone(args: argparse.Namespace) -> int:
    from editor.model.sync.clone import clone

    try:
        got = clone(args.url, Path(args.dir), _auth_from(args), _progress(args), depth=args.depth)
    finally:
        _done_progress(args)
    print(f"Got the library into {got.root}; its patterns are in {got.library}")
    return OK


def cmd_changes(args: argparse.Namespace) -> int:
    from editor.model.sync.changes import changes

    got = changes(args.dir)
    if args.format == "json":
        print(json.dumps(got.to_json(), ensure_ascii=False, indent=2))
        return OK
    if got.is_empty:
        print("No changes since the last sync.")
        return OK
    for f in got.files:
        mark = {"added": "A", "deleted": "D"}.get(f.status, "M")
        print(f"{mark}  {f.path}  {f.title}: {f.summary}")
    if got.unshared:
        print(f"{got.unshared} saved version{'s' if got.unshared != 1 else ''} not yet shared (on {got.branch})")
    return OK


def cmd_share(args: argparse.Namespace) -> int:
    from editor.model.sync.share import share

    who = Identity.parse(args.author) if args.author else None
    try:
        done = share(args.dir, args.message, args.branch, args.remote, who, _auth_from(args), _progress(args))
    except PushRejected as exc:
        _done_progress(args)
        err(str(exc))
        return FINDINGS
    _done_progress(args)
    if args.format == "json":
        print(json.dumps(done.to_json(), ensure_ascii=False, indent=2))
        return OK
    n = len(done.files)
    print(f"Shared {n} pattern{'s' if n != 1 else ''} on {done.remote}/{done.branch} ({done.commit[:7]})")
    if done.pull_request:
        print(f"Open a pull request: {done.pull_request}")
    return OK


def cmd_update(args: argparse.Namespace) -> int:
    from editor.model.sync.update import update

    who = Identity.parse(args.author) if args.author else None
    try:
        got = update(args.dir, args.remote, who, _auth_from(args), _progress(args))
    finally:
        _done_progress(args)
    if args.format == "json":
        print(json.dumps(got.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{got.summary()} (from {got.source})")
        for path in got.merged:
            print(f"  combined with your edits: {path}")
        for path in got.kept:
            print(f"  kept your edited copy (removed in the library): {path}")
        for path, record in got.conflicts.items():
            print(f"  to resolve: {path} ({len(record) or 'line'} conflict{'s' if len(record) != 1 else ''})")
        if got.aside is not None:
            print(f"  your files as they were: {got.aside}")
    return FINDINGS if got.conflicts else OK


def cmd_token(args: argparse.Namespace) -> int:
    host = _auth.host_of(args.host) or args.host.strip().lower()
    if args.forget:
        _auth.forget_token(host)
        print(f"Forgot the token for {host}")
        return OK
    token = sys.stdin.readline().strip()
    if not token:
        err("pattern-cli token: write the token on standard input")
        return USAGE
    _auth.store_token(host, token)
    print(f"Stored the token for {host} in the system keychain")
    return OK
