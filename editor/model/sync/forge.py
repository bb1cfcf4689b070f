"""The web address that opens a pull (merge) request for a pushed branch, from the remote's URL.
Templates only: no forge API, no token needed."""

from __future__ import annotations

import re
from urllib.parse import quote

# host (or a suffix of it) -> template over {base} (https://host/owner/repo), {branch}, {target}
TEMPLATES: dict[str, str] = {
    "github.com": "{base}/compare/{target}...{branch}?expand=1",
    "gitlab.com": "{base}/-/merge_requests/new?merge_request%5Bsource_branch%5D={branch}"
    "&merge_request%5Btarget_branch%5D={target}",
    "codeberg.org": "{base}/compare/{target}...{branch}",
    "gitea.com": "{base}/compare/{target}...{branch}",
    "bitbucket.org": "{base}/pull-requests/new?source={branch}&dest={target}",
    "sr.ht": "",  # patches by e-mail: no web form
}
# Self-hosted forges are recognised by a word in the host name.
HINTS = (("gitlab", "gitlab.com"), ("gitea", "gitea.com"), ("forgejo", "codeberg.org"), ("github", "github.com"))


def web_base(remote_url: str) -> tuple[str, str] | None:
    """(host, https://host/owner/repo) for https and ssh remote URLs; None for local ones."""
    m = re.match(r"^(?:https?|ssh|git)://(?:[^@/]+@)?([^/:]+)(?::\d+)?/(.+?)(?:\.git)?/?$", remote_url)
    if m is None:
        m = re.match(r"^(?:[^@/]+@)?([^/:]+):(?!//)(.+?)(?:\.git)?/?$", remote_url)  # git@host:owner/repo
    if m is None or "/" not in m.group(2):
        return None
    host = m.group(1).lower()
    return host, f"https://{host}/{m.group(2).strip('/')}"


def pull_request_url(remote_url: str, branch: str, target: str) -> str | None:
    """Where to open a pull request from ``branch`` into ``target``, or None for unknown forges."""
    found = web_base(remote_url)
    if found is None:
        return None
    host, base = found
    template = next((t for h, t in TEMPLATES.items() if host == h or host.endswith("." + h)), None)
    if template is None:
        template = next((TEMPLATES[k] for word, k in HINTS if word in host), None)
    if not template:
        return None
    return template.format(base=base, branch=quote(branch, safe="/"), target=quote(target, safe="/"))
