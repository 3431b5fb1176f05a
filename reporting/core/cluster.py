"""Several app processes behind nginx on one machine (``python -m reporting serve-cluster``).

N Streamlit processes (``python -m reporting serve``) listen on free ports of 127.0.0.1 only;
nginx (Debian's package) listens on the public port and routes each browser to one process by
a routing cookie (deploy/nginx/fokus.conf explains why). All processes share the analytical
DuckDB file (read-only readers; writers copy and swap it, docs/architecture.md) and the SQLite
state store, so an import is seen by every process at its next query.

The nginx configuration is generated from deploy/nginx/fokus.conf: the lines between its
``# fokus: <part> begin`` / ``end`` markers are replaced, everything else is used as it is,
inside a main configuration of its own (prefix, pid, logs and temp directories in one runtime
directory, foreground, run as the current user), so no system nginx and no root are needed.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from reporting.core.config import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "fokus.conf"
STREAMLIT_CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
STREAMLIT_DEFAULT_UPLOAD_MB = 200          # Streamlit's own default of server.maxUploadSize
_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
QUICK_EXIT_S = 30.0       # an app process that exits sooner than this after its start ...
QUICK_EXITS_MAX = 5       # ... this many times in a row is not started again: the cluster stops


class ClusterError(RuntimeError):
    """Something the operator must fix: nginx missing, a process that does not start."""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise ClusterError("nginx is not installed: `make nginx` installs it from Debian's packages "
                           "(apt-get install nginx)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def upload_limit_mb(streamlit_args: list[str] | tuple[str, ...] = ()) -> int:
    """The app's upload limit in MB, as Streamlit resolves it: a ``--server.maxUploadSize``
    option, else STREAMLIT_SERVER_MAX_UPLOAD_SIZE, else .streamlit/config.toml, else 200."""
    value = _option(streamlit_args, "server.maxUploadSize", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE")
    if value:
        return int(value)
    if STREAMLIT_CONFIG.exists():
        server = tomllib.loads(STREAMLIT_CONFIG.read_text(encoding="utf-8")).get("server", {})
        if "maxUploadSize" in server:
            return int(server["maxUploadSize"])
    return STREAMLIT_DEFAULT_UPLOAD_MB


def _option(streamlit_args: list[str] | tuple[str, ...], name: str, env: str) -> str | None:
    """A Streamlit option's value as Streamlit resolves it: ``--name value`` or
    ``--name=value`` among the options, else the environment variable, else None."""
    args = list(streamlit_args)
    for i, arg in enumerate(args):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
        if arg == f"--{name}" and i + 1 < len(args):
            return args[i + 1]
    return os.environ.get(env) or None


def base_path(streamlit_args: list[str] | tuple[str, ...] = ()) -> str:
    """The app's URL prefix (server.baseUrlPath) as "/prefix", or "" for none."""
    value = (_option(streamlit_args, "server.baseUrlPath", "STREAMLIT_SERVER_BASE_URL_PATH") or "").strip("/")
    return f"/{value}" if value else ""


def _replace_part(text: str, part: str, lines: list[str]) -> str:
    pattern = re.compile(rf"^([ \t]*)# fokus: {re.escape(part)} begin\n.*?^[ \t]*# fokus: {re.escape(part)} end\n",
                         re.M | re.S)
    match = pattern.search(text)
    if not match:
        raise ClusterError(f"{TEMPLATE}: the '# fokus: {part} begin/end' markers are missing")
    indent = match.group(1)
    body = "".join(f"{indent}{line}\n" for line in lines)
    return text[:match.start()] + body + text[match.end():]


def streamlit_static_dir() -> Path:
    """The installed Streamlit's front-end files (``static/static``: what ``/static/`` serves)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static" / "static"


def _static_location(lines: list[str], static_dir: Path, base: str) -> list[str]:
    """The template's static location with the alias (and the base path) of this install."""
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("location ") and stripped.endswith("{"):
            line = f"location {base}/static/ {{"
        elif stripped.startswith("alias "):
            line = f"    alias {static_dir}/;"
        out.append(line)
    return out


def _part_lines(text: str, part: str) -> list[str]:
    match = re.search(rf"^([ \t]*)# fokus: {re.escape(part)} begin\n(.*?)^[ \t]*# fokus: {re.escape(part)} end\n",
                      text, re.M | re.S)
    if not match:
        raise ClusterError(f"{TEMPLATE}: the '# fokus: {part} begin/end' markers are missing")
    indent = match.group(1)
    return [line[len(indent):] if line.startswith(indent) else line for line in match.group(2).splitlines()]


def render_site(template: str, *, listen: str, upstreams: list[str], max_body_mb: int,
                access_log: Path, static_dir: Path | None = None, base: str = "") -> str:
    """The template with its marked parts replaced: the listening address, one ``server``
    line per app process, the upload limit, the access log and where the front-end's static
    files are (``static_dir``, default this install's Streamlit; under ``base``, the
    ``--server.baseUrlPath`` prefix)."""
    if not upstreams:
        raise ClusterError("at least one app process is needed")
    text = _replace_part(template, "listen", [f"listen {listen};"])
    text = _replace_part(text, "upstream servers", [f"server {u};" for u in upstreams])
    text = _replace_part(text, "body size", [f"client_max_body_size {max_body_mb}m;"])
    text = _replace_part(text, "static", _static_location(_part_lines(text, "static"),
                                                          static_dir or streamlit_static_dir(), base))
    return _replace_part(text, "access log", [f"access_log {access_log} fokus;"])


def render_main(prefix: Path, site: Path) -> str:
    """nginx's main configuration for a private instance: everything it writes is in
    ``prefix``; foreground (the launcher supervises it); workers as the current user."""
    lines = [
        "# Generated by `python -m reporting serve-cluster` (reporting/core/cluster.py); not edited by hand.",
        "daemon off;",
        "worker_processes auto;",
        f"pid {prefix / 'nginx.pid'};",
        f"error_log {prefix / 'error.log'} notice;",
    ]
    if os.geteuid() == 0:
        # Run as root, nginx would start its workers as 'nobody', who can read neither this
        # directory nor write its temp files: the workers run as the user who started it.
        user = pwd.getpwuid(os.geteuid()).pw_name
        lines.append(f"user {user};")
    lines += ["events {", "    worker_connections 1024;", "}", "http {"]
    lines += [f"    {d}_temp_path {prefix / 'temp' / d};" for d in _TEMP_DIRS]
    lines += [f"    include {site};", "}"]
    return "\n".join(lines) + "\n"


def _die_with_parent() -> None:        # pragma: no cover - runs in the child before exec
    """Ask Linux to stop this child when the launcher dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG
    except OSError:
        pass


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ClusterError(f"{url}: the process exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise ClusterError(f"{url} did not answer in {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, n: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


@dataclass
class AppProcess:
    index: int
    port: int
    log: Path
    proc: subprocess.Popen | None = None
    restarts: int = 0
    started_at: float = 0.0
    quick_exits: int = 0                    # exits in a row within QUICK_EXIT_S of a start

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """N app processes and the nginx in front of them. ``start()`` returns once nginx answers
    on ``port``; ``supervise()`` restarts an app process that exits (not one that keeps
    exiting right after its start) and returns when nginx exits or ``stop()`` is called;
    ``stop()`` ends them all."""

    processes: int
    port: int
    runtime_dir: Path
    address: str = ""                      # nginx's listen address; "" = every address
    streamlit_args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    startup_timeout: float = 90.0
    apps: list[AppProcess] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    _stopping: bool = False

    @property
    def url(self) -> str:
        return f"http://{self.address or '127.0.0.1'}:{self.port}"

    @property
    def nginx_conf(self) -> Path:
        return self.runtime_dir / "nginx.conf"

    @property
    def access_log(self) -> Path:
        return self.runtime_dir / "access.log"

    def start(self) -> None:
        if self.processes < 1:
            raise ClusterError("--processes must be at least 1")
        nginx = nginx_binary()
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        for d in _TEMP_DIRS:
            (self.runtime_dir / "temp" / d).mkdir(parents=True, exist_ok=True)
        # One cookie secret for all processes: Streamlit signs its XSRF and sign-in cookies
        # with it, and a browser whose process went down is served by another.
        self.env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        self.apps = [AppProcess(i, free_port(), self.runtime_dir / f"app-{i}.log")
                     for i in range(1, self.processes + 1)]
        base = base_path(self.streamlit_args)
        try:
            for app in self.apps:
                self._spawn(app)
            for app in self.apps:
                _wait_http(f"http://{app.address}{base}/_stcore/health", app.proc, app.log, self.startup_timeout)
            site = self.runtime_dir / "fokus.conf"
            listen = f"{self.address}:{self.port}" if self.address else str(self.port)
            site.write_text(render_site(TEMPLATE.read_text(encoding="utf-8"), listen=listen,
                                        upstreams=[a.address for a in self.apps],
                                        max_body_mb=upload_limit_mb(self.streamlit_args),
                                        access_log=self.access_log, base=base), encoding="utf-8")
            self.nginx_conf.write_text(render_main(self.runtime_dir, site), encoding="utf-8")
            cmd = [nginx, "-p", f"{self.runtime_dir}/", "-c", str(self.nginx_conf),
                   "-e", str(self.runtime_dir / "error.log")]
            check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True)
            if check.returncode:
                raise ClusterError(f"nginx refused {self.nginx_conf}:\n{check.stderr}")
            nginx_log = self.runtime_dir / "nginx.out"
            with open(nginx_log, "w") as out:
                self.nginx = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                              preexec_fn=_die_with_parent)
            _wait_http(f"http://127.0.0.1:{self.port}{base}/_stcore/health", self.nginx,
                       self.runtime_dir / "error.log", 20)
        except BaseException:
            self.stop()
            raise

    def _spawn(self, app: AppProcess) -> None:
        cmd = [sys.executable, "-m", "reporting", "serve", "--server.port", str(app.port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", *self.streamlit_args]
        with open(app.log, "a") as out:
            app.proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=self.env, stdout=out,
                                        stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        app.started_at = time.monotonic()

    def supervise(self, poll: float = 1.0) -> int:
        """Keep the app processes running until nginx exits or stop() is called: a process
        that exits is started again on its port (its browsers reconnect to a new session)."""
        while not self._stopping:
            if self.nginx is None or self.nginx.poll() is not None:
                code = self.nginx.returncode if self.nginx else 1
                if not self._stopping:
                    print(f"nginx exited with {code}:\n{_tail(self.runtime_dir / 'error.log')}",
                          file=sys.stderr, flush=True)
                return code or 1
            for app in self.apps:
                if app.proc is not None and app.proc.poll() is not None and not self._stopping:
                    quick = time.monotonic() - app.started_at < QUICK_EXIT_S
                    app.quick_exits = app.quick_exits + 1 if quick else 0
                    if app.quick_exits >= QUICK_EXITS_MAX:
                        print(f"app process {app.index} ({app.address}) exited {app.quick_exits} times in a "
                              f"row soon after its start; stopping:\n{_tail(app.log)}", file=sys.stderr, flush=True)
                        return 1
                    print(f"app process {app.index} ({app.address}) exited with {app.proc.returncode}; "
                          "starting it again", file=sys.stderr, flush=True)
                    app.restarts += 1
                    self._spawn(app)
            time.sleep(poll)
        return 0

    def stop(self) -> None:
        self._stopping = True
        procs = [p for p in [self.nginx, *(a.proc for a in self.apps)] if p is not None]
        for p in procs:
            if p.poll() is None:
                p.terminate()          # nginx: fast shutdown (SIGQUIT would wait for every WebSocket)
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
