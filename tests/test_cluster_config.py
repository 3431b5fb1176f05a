"""The nginx configuration of several app processes (deploy/nginx/fokus.conf and the one
serve-cluster generates from it, reporting/core/cluster.py): what it routes by, its limits,
and that nginx accepts it. The browser test with two processes is
tests/e2e/test_cluster_browser.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from reporting.core import cluster
from reporting.core.cluster import (
    TEMPLATE,
    ClusterError,
    base_path,
    render_main,
    render_site,
    streamlit_static_dir,
    upload_limit_mb,
)

ROOT = Path(__file__).resolve().parents[1]


def _template() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def _directives(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        pytest.fail("nginx not found; `make nginx` installs it from Debian's packages")
    return found


def test_the_template_allows_the_apps_upload_limit():
    """client_max_body_size is the app's server.maxUploadSize: a smaller one would give a user
    nginx's 413 page for a file the app accepts."""
    mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert f"client_max_body_size {mb}m;" in _directives(_template())
    assert upload_limit_mb() == mb


def test_upload_limit_follows_a_streamlit_option_or_variable(monkeypatch):
    monkeypatch.delenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", raising=False)
    assert upload_limit_mb(["--server.maxUploadSize", "50"]) == 50
    assert upload_limit_mb(["--server.maxUploadSize=75", "--theme.base", "dark"]) == 75
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "30")
    assert upload_limit_mb(["--theme.base", "dark"]) == 30


def test_base_path_follows_streamlits_option(monkeypatch):
    """The launcher's health checks go under the app's URL prefix; nginx's WebSocket and
    upload locations match with or without one."""
    monkeypatch.delenv("STREAMLIT_SERVER_BASE_URL_PATH", raising=False)
    assert base_path([]) == ""
    assert base_path(["--server.baseUrlPath", "/fokus/"]) == "/fokus"
    assert base_path(["--server.baseUrlPath=raportit"]) == "/raportit"
    monkeypatch.setenv("STREAMLIT_SERVER_BASE_URL_PATH", "x")
    assert base_path(["--server.port", "1"]) == "/x"


def test_sessions_are_routed_by_a_cookie_not_by_address():
    """One corporate NAT is one address: ip_hash would put all its users on one process."""
    d = _directives(_template())
    assert "hash $fokus_route consistent;" in d
    assert not [x for x in d if x.startswith("ip_hash")]
    text = _template()
    route_map = re.search(r"map \$cookie_fokus_route \$fokus_route \{(.*?)\}", text, re.S).group(1)
    assert _directives(route_map) == ['""      $request_id;', "default $cookie_fokus_route;"]
    assert "add_header Set-Cookie $fokus_route_cookie always;" in d
    # the WebSocket is upgraded and may stay open; uploads stream through
    stream = re.search(r"location ~ /_stcore/stream\$ \{(.*?)\}", text, re.S).group(1)
    assert "proxy_read_timeout 1d;" in _directives(stream)
    assert "proxy_set_header Upgrade $http_upgrade;" in d
    assert "proxy_set_header Connection $fokus_connection;" in d
    assert "proxy_set_header Host $http_host;" in d      # the app compares Origin with Host


def test_render_site_replaces_only_the_marked_parts(tmp_path):
    text = render_site(_template(), listen="127.0.0.1:9000", upstreams=["127.0.0.1:1111", "127.0.0.1:2222"],
                       max_body_mb=42, access_log=tmp_path / "access.log")
    d = _directives(text)
    upstream = re.search(r"upstream fokus_app \{(.*?)\}", text, re.S).group(1)
    assert [x for x in _directives(upstream) if x.startswith("server ")] == [
        "server 127.0.0.1:1111;", "server 127.0.0.1:2222;"]
    assert [x for x in d if x.startswith("listen ")] == ["listen 127.0.0.1:9000;"]
    assert [x for x in d if x.startswith("client_max_body_size")] == ["client_max_body_size 42m;"]
    assert [x for x in d if x.startswith("access_log")] == [f"access_log {tmp_path / 'access.log'} fokus;"]
    # the front-end's static files from this install's Streamlit, under the base path
    first = d.index("location /static/ {")
    last, depth = first, 0
    for last in range(first, len(d)):               # the location's block, its types block inside
        depth += d[last].endswith("{") - (d[last] == "}")
        if depth == 0:
            break
    static = d[first:last + 1]
    assert f"alias {streamlit_static_dir()}/;" in static
    assert "application/javascript js mjs;" in static        # without the host's mime.types
    assert any(streamlit_static_dir().glob("js/index.*.js"))
    based = render_site(_template(), listen="9000", upstreams=["127.0.0.1:1"], max_body_mb=1,
                        access_log=tmp_path / "a", static_dir=Path("/srv/st"), base="/fokus")
    assert "location /fokus/static/ {" in based and "alias /srv/st/;" in based
    # every other line is the template's (the static location's block taken out whole)
    rest = d[:first] + d[last + 1:]
    unmarked = re.compile(r"# fokus: (.*?) begin\n.*?# fokus: \1 end\n", re.S)
    assert _directives(unmarked.sub("", _template())) == [
        x for x in rest if not x.startswith(("server 127.0.0.1:", "listen ", "client_max_body_size", "access_log"))]


def test_render_site_refuses_a_template_without_markers(tmp_path):
    broken = _template().replace("# fokus: upstream servers begin", "")
    with pytest.raises(ClusterError, match="upstream servers"):
        render_site(broken, listen="9000", upstreams=["127.0.0.1:1"], max_body_mb=1, access_log=tmp_path / "a")
    with pytest.raises(ClusterError, match="at least one"):
        render_site(_template(), listen="9000", upstreams=[], max_body_mb=1, access_log=tmp_path / "a")


def test_main_config_keeps_everything_in_the_runtime_directory(tmp_path, monkeypatch):
    site = tmp_path / "fokus.conf"
    for euid, user_line in ((1000, False), (0, True)):
        monkeypatch.setattr(cluster.os, "geteuid", lambda euid=euid: euid)
        d = _directives(render_main(tmp_path, site))
        assert "daemon off;" in d and f"include {site};" in d
        assert f"pid {tmp_path / 'nginx.pid'};" in d
        temp = [x for x in d if "_temp_path" in x]
        assert len(temp) == 5 and all(str(tmp_path / "temp") in x for x in temp)
        # run as root, the workers would be 'nobody' and could not write the temp directories
        assert any(x.startswith("user ") for x in d) == user_line


def test_nginx_accepts_the_generated_configuration(tmp_path):
    nginx = _nginx()
    for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "temp" / d).mkdir(parents=True)
    site = tmp_path / "fokus.conf"
    site.write_text(render_site(_template(), listen="127.0.0.1:9", upstreams=["127.0.0.1:1", "127.0.0.1:2"],
                                max_body_mb=200, access_log=tmp_path / "access.log"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_main(tmp_path, site))
    done = subprocess.run([nginx, "-t", "-p", f"{tmp_path}/", "-c", str(conf), "-e", str(tmp_path / "error.log")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
