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
