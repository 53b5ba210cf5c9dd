"""Loading WeasyPrint's libraries by soname: taken when it can be, the same files, else unchanged.

``qa_checker.report.libs`` answers WeasyPrint's library names from a table while it is
imported, so no ``find_library`` subprocess runs. These tests pin down that the table
matches the installed WeasyPrint, that the fast path loads exactly the files the normal
search loads, that it runs no subprocess, and that every other case (a library missing,
another platform, the opt-out variable, a name not in the table) goes to cffi unchanged.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import util
from pathlib import Path
from typing import Any

import pytest

from qa_checker.report import libs
from qa_checker.report.doctor import loading_check
from qa_checker.report.probe import Probe

LINUX = sys.platform.startswith("linux")


def _all(_: str) -> bool:
    return True


def test_the_table_names_every_library_the_installed_weasyprint_asks_for() -> None:
    spec = util.find_spec("weasyprint")
    assert spec is not None and spec.origin is not None
    source = (Path(spec.origin).parent / "text" / "ffi.py").read_text(encoding="utf-8")
    asked = set()
    for call in re.findall(r"_dlopen\(\s*ffi,(.*?)\)", source, re.S):
        asked |= set(re.findall(r"'([^']+)'", call))
    assert asked, "WeasyPrint's ffi.py no longer calls _dlopen: look at how it loads its libraries"
    assert asked == {name for lib in libs.LIBRARIES for name in lib.names}


def test_plan_is_fast_on_linux_when_every_required_soname_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(libs.SEARCH_ENV, raising=False)
    chosen = libs.plan("linux", lambda name: "vector" not in name)
    assert chosen.fast and chosen.missing == ()
    assert chosen.loads["libharfbuzz-vector.so.0"] is False  # optional: absent is fine


def test_plan_falls_back_when_a_required_library_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(libs.SEARCH_ENV, raising=False)
    chosen = libs.plan("linux", lambda name: name != "libpango-1.0.so.0")
    assert not chosen.fast and chosen.reason == libs.MISSING
    assert [lib.package for lib in chosen.missing] == ["libpango-1.0-0"]


def test_plan_falls_back_elsewhere_and_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(libs.SEARCH_ENV, raising=False)
    assert libs.plan("darwin", _all).reason == libs.PLATFORM
    monkeypatch.setenv(libs.SEARCH_ENV, "1")
    assert libs.plan("linux", _all).reason == libs.DISABLED


class _Recorder:
    """Stands in for cffi's own ``FFI.dlopen``: records what it was asked to load."""

    def __init__(self) -> None:
        self.asked: list[str] = []

        def dlopen(ffi: Any, name: str, flags: int = 0) -> str:
            self.asked.append(name)
            return f"loaded {name}"

        self.dlopen = dlopen


def test_fast_path_answers_weasyprint_names_by_soname(monkeypatch: pytest.MonkeyPatch) -> None:
    import cffi

    recorder = _Recorder()
    monkeypatch.setattr(cffi.FFI, "dlopen", recorder.dlopen)
    chosen = libs.Plan({lib.soname: "vector" not in lib.soname for lib in libs.LIBRARIES})
    with libs.soname_loading(chosen):
        ffi = cffi.FFI()
        assert ffi.dlopen("libgobject-2.0-0", 2) == "loaded libgobject-2.0.so.0"
        assert ffi.dlopen("fontconfig") == "loaded libfontconfig.so.1"
        assert ffi.dlopen("libsomething-else.so.3") == "loaded libsomething-else.so.3"  # not ours: unchanged
        with pytest.raises(OSError):
            ffi.dlopen("libharfbuzz-vector-0")  # optional and absent: fails at once, no search
    assert recorder.asked == ["libgobject-2.0.so.0", "libfontconfig.so.1", "libsomething-else.so.3"]
    assert cffi.FFI.dlopen is recorder.dlopen  # put back
    assert libs.taken == "soname"


def test_fallback_leaves_cffi_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import cffi

    recorder = _Recorder()
    monkeypatch.setattr(cffi.FFI, "dlopen", recorder.dlopen)
    with libs.soname_loading(libs.Plan({}, libs.MISSING)):
        assert cffi.FFI.dlopen is recorder.dlopen
        assert cffi.FFI().dlopen("libgobject-2.0-0") == "loaded libgobject-2.0-0"
    assert libs.taken == "search"


def test_dlopen_is_put_back_when_the_import_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import cffi

    recorder = _Recorder()
    monkeypatch.setattr(cffi.FFI, "dlopen", recorder.dlopen)
    with pytest.raises(ImportError), libs.soname_loading(libs.Plan({"libgobject-2.0.so.0": True})):
        raise ImportError("no pango")
    assert cffi.FFI.dlopen is recorder.dlopen


# In a fresh process: import WeasyPrint as ``report`` does, count the subprocesses that
# started meanwhile, and list the files of WeasyPrint's libraries mapped into the process.
CHILD = r"""
import json, re, subprocess
started = []
real = subprocess.Popen.__init__
def counting(self, args, *a, **k):
    started.append(args if isinstance(args, str) else args[0])
    real(self, args, *a, **k)
subprocess.Popen.__init__ = counting
from qa_checker.report.pdf import load_weasyprint
from qa_checker.report import libs
load_weasyprint()
want = re.compile(r"lib(gobject-2\.0|pango-1\.0|pangoft2-1\.0|harfbuzz|harfbuzz-subset|fontconfig)\.so")
with open("/proc/self/maps") as maps:
    files = sorted({line.split()[-1] for line in maps if want.search(line)})
print(json.dumps({"started": started, "files": files, "taken": libs.taken}))
"""


def _child(search: bool) -> dict[str, Any]:
    import os

    env = dict(os.environ)
    env.pop(libs.SEARCH_ENV, None)
    if search:
        env[libs.SEARCH_ENV] = "1"
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=True)
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


@pytest.mark.skipif(not LINUX, reason="the soname path is Linux only")
def test_the_fast_path_runs_no_subprocess_and_loads_the_same_files() -> None:
    if not libs.plan().fast:
        pytest.skip("a required library does not load by soname here")
    fast, search = _child(search=False), _child(search=True)
    assert fast["taken"] == "soname" and search["taken"] == "search"
    assert fast["started"] == []
    assert search["started"], "the normal import was expected to run find_library's subprocesses"
    assert fast["files"] and fast["files"] == search["files"]


def test_doctor_says_which_way_and_how_to_get_the_fast_path() -> None:
    fast = loading_check(libs.Plan({}), Probe(loaded_by="soname"))
    assert fast.ok and not fast.required and "by soname" in fast.detail
    missing = (libs.LIBRARIES[1], libs.LIBRARIES[5])
    slow = loading_check(libs.Plan({}, libs.MISSING, missing))
    assert not slow.ok and not slow.required
    assert "libpango-1.0.so.0, libfontconfig.so.1" in slow.detail
    assert slow.fix.endswith("sudo apt-get install libpango-1.0-0 libfontconfig1")
    disabled = loading_check(libs.Plan({}, libs.DISABLED))
    assert libs.SEARCH_ENV in disabled.detail and libs.SEARCH_ENV in disabled.fix
    elsewhere = loading_check(libs.Plan({}, libs.PLATFORM))
    assert "Linux" in elsewhere.detail and elsewhere.fix == ""
    # The child's answer wins over the plan: it is what the render actually did.
    assert not loading_check(libs.Plan({}), Probe(loaded_by="search")).ok
