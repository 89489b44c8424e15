"""Packaging: the wheel carries what `reader` needs, the bundled seeds included.

`reader` with no PATH opens the seeds: in a checkout they are ``<repo>/seeds`` (an
editable install finds them there), in an installed wheel ``reader/seeds`` inside the
package. The wheel is built here with the project's own build backend (hatchling, from
the ``test`` extra), unpacked into a folder outside the checkout and run from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    builders = pytest.importorskip("hatchling.builders.wheel")
    out = tmp_path_factory.mktemp("dist")
    built = builders.WheelBuilder(str(REPO)).build(directory=str(out), versions=["standard"])
    return Path(next(iter(built)))


def test_the_wheel_carries_the_seeds_and_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    assert seeds and all(f"reader/seeds/{name}" in names for name in seeds)
    assert "reader/tui/app.tcss" in names
    assert "reader/compare/facts/data/places.tsv" in names
    assert not any(name.startswith(("tests/", "benchmarks/", "seeds/")) for name in names)
    assert not any("__pycache__" in name for name in names)


def test_an_installed_wheel_opens_its_own_seeds(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)  # what an installer puts in site-packages
    env = {key: value for key, value in os.environ.items() if key != "READER_SEEDS"}
    # the unpacked wheel first; the test environment's packages for the dependencies
    env["PYTHONPATH"] = str(site)
    elsewhere = tmp_path / "elsewhere"  # no ./seeds here
    elsewhere.mkdir()
    code = (
        "import reader, sys; from reader.corpus.discovery import default_corpus_path;"
        "print(reader.__file__); print(default_corpus_path())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    module, seeds = done.stdout.splitlines()
    assert Path(module).is_relative_to(site)
    assert Path(seeds) == site / "reader" / "seeds"
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"path"') == 5
    assert str(site / "reader" / "seeds") in listed.stdout


def test_a_checkout_opens_the_repository_seeds() -> None:
    from reader.corpus.discovery import default_corpus_path

    saved = os.environ.pop("READER_SEEDS", None)
    try:
        assert default_corpus_path() == REPO / "seeds"
    finally:
        if saved is not None:
            os.environ["READER_SEEDS"] = saved


def test_the_editable_install_is_a_path_entry_without_a_copy_of_the_seeds() -> None:
    """`make run` / `make test` install the checkout in editable mode. With hatchling that
    is one .pth line naming the checkout: no import hook (setuptools' editable finder, and
    the warning box its flat-layout install printed on the first `make run`), and no
    second set of seeds in site-packages (the checkout's are the ones read)."""
    import json
    import sysconfig
    from importlib import metadata

    # the installed one (not a stale polyglot_reader.egg-info of an old setuptools build
    # in the checkout, which `python -m pytest` would find first on sys.path)
    site = sysconfig.get_paths()["purelib"]
    found = list(metadata.distributions(name="polyglot-reader", path=[site]))
    if not found:
        pytest.skip("polyglot-reader is not installed in this environment")
    dist = found[0]
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if not direct.get("dir_info", {}).get("editable"):
        pytest.skip("not an editable install")
    files = [str(f) for f in dist.files or []]
    assert not any("seeds/" in f for f in files), files
    assert not any("__editable__" in f or f.endswith("_finder.py") for f in files), files
    pth = [f for f in dist.files or [] if str(f).endswith(".pth")]
    assert len(pth) == 1
    entry = Path(str(dist.locate_file(pth[0]))).read_text(encoding="utf-8").strip()
    assert Path(entry).resolve() == REPO
