"""Every size the project reads means the same bytes: ``KiB``/``K`` are 1024-based, ``KB`` 1000-based."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem import serialize
from postmortem.cli import main
from postmortem.sources import get_source

from .conftest import EXAMPLES

DATA = Path(__file__).parent / "data"
SLACK_EXPORT = DATA / "sources" / "slack"
INCIDENT = DATA / "timeline" / "checkout-incident.yaml"

SIZES = [
    ("1048576", 1_048_576),
    ("512 B", 512),
    ("16MiB", 16 * 1024**2),
    ("16M", 16 * 1024**2),
    ("16m", 16 * 1024**2),
    ("20 MB", 20_000_000),
    ("500k", 512_000),
    ("500KB", 500_000),
    ("500 KiB", 512_000),
    ("1.5GiB", 3 * 1024**3 // 2),
    ("4G", 4 * 1024**3),
    ("4GB", 4_000_000_000),
    ("2TiB", 2 * 1024**4),
    ("2TB", 2 * 1000**4),
]


class TestParseSize:
    """``postmortem.serialize.parse_size`` reads sizes as GNU tools do."""

    @pytest.mark.parametrize(("text", "size"), SIZES)
    def test_units(self, text: str, size: int) -> None:
        """Bare letters and ``-iB`` are powers of 1024; ``-B`` powers of 1000; no unit is bytes."""
        assert serialize.parse_size(text) == size

    @pytest.mark.parametrize("text", ["big", "16 MiBs", "-1MiB", "1e9", "16 XB", "", "9" * 5000, "1.5.2M"])
    def test_what_is_not_a_size(self, text: str) -> None:
        """Anything else, a 5,000-digit number included, is a ValueError saying how to write one."""
        with pytest.raises(ValueError, match="is not a size; write it like 16MiB"):
            serialize.parse_size(text)

    @pytest.mark.parametrize("text", ["0", "0KiB", "0.4"])
    def test_a_size_under_one_byte_is_refused(self, text: str) -> None:
        """Every size is a limit, and a limit of nothing would refuse everything."""
        with pytest.raises(ValueError, match="under 1 byte"):
            serialize.parse_size(text)


class TestEverySizeOption:
    """The Slack source's ``--slack-max-inflated`` and ``--max-file-size`` read the same text alike."""

    @pytest.mark.parametrize(("text", "size"), SIZES)
    def test_slack_reads_sizes_as_the_loader_does(self, text: str, size: int) -> None:
        """``4GB`` is 4,000,000,000 bytes for the Slack source as for the file size limit."""
        parse = get_source("slack").options["max_inflated"].parse
        assert parse is not None
        assert parse(text) == size

    def test_max_file_size_kb_and_kib_differ(self, tmp_path: Path) -> None:
        """A file between 2,000 and 2,048 bytes is within ``2KiB`` and ``2k`` but over ``2KB``."""
        text = (EXAMPLES / "draft-checkout-errors.yaml").read_text(encoding="utf-8")
        path = tmp_path / "incident.yaml"
        path.write_text(text[:1900] if len(text) > 1900 else text, encoding="utf-8")
        assert path.stat().st_size <= 2000
        path.write_text(path.read_text(encoding="utf-8") + "#" * (2024 - path.stat().st_size) + "\n", encoding="utf-8")
        assert 2000 < path.stat().st_size <= 2048

        def over_the_limit(size: str) -> bool:
            result = CliRunner().invoke(main, ["--max-file-size", size, "validate", str(path)])
            return "over the" in result.output and "limit" in result.output

        assert not over_the_limit("2KiB")
        assert not over_the_limit("2k")
        assert over_the_limit("2KB")

    def test_slack_zip_limit_kb_and_kib_differ(self, tmp_path: Path) -> None:
        """A zip that inflates to just under ``N KiB`` is read with that limit and refused with ``N KB``."""
        archive = tmp_path / "export.zip"
        with zipfile.ZipFile(archive, "w") as out:
            for path in sorted(SLACK_EXPORT.rglob("*")):
                if path.is_file():
                    out.write(path, path.relative_to(SLACK_EXPORT).as_posix())
        needed = sum(path.stat().st_size for path in SLACK_EXPORT.rglob("*.json"))
        kib = math.ceil(needed / 1024)
        assert kib * 1000 < needed  # the test's premise: the two readings fall either side

        def timeline(limit: str) -> tuple[int, str]:
            result = CliRunner().invoke(
                main, ["timeline", str(INCIDENT), "--slack", str(archive), "--slack-max-inflated", limit]
            )
            return result.exit_code, result.output

        code, output = timeline(f"{kib}KiB")
        assert code == 0, output
        code, output = timeline(f"{kib}KB")
        assert code == 2
        assert "limit" in output
