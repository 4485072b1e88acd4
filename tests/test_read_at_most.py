"""Reading a file up to a size limit: the incident loader, configuration files, redaction policies and images."""

from __future__ import annotations

import contextlib
import io
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from postmortem._files import read_at_most
from postmortem.checks import ConfigError, load_config
from postmortem.errors import PostmortemError
from postmortem.markup._links import MAX_IMAGE_BYTES, read_image
from postmortem.redaction import load_policy


class _Asked(io.BufferedReader):
    """A file opened for reading that notes how many bytes each read asked for."""

    def __init__(self, path: Path, *, grow_by: bytes = b"") -> None:
        super().__init__(io.FileIO(path, "rb"))
        self.asked: list[int] = []
        self._path = path
        self._grow_by = grow_by

    def read(self, size: int | None = -1, /) -> bytes:
        if self._grow_by:  # the file grows after its size was taken, before it is read
            with self._path.open("ab") as more:
                more.write(self._grow_by)
            self._grow_by = b""
        self.asked.append(-1 if size is None else size)
        return super().read(size)


class TestReadAtMost:
    def test_a_file_under_the_limit_is_read_whole_asking_for_its_size_and_one_byte(self, tmp_path: Path) -> None:
        path = tmp_path / "small.yaml"
        path.write_bytes(b"x" * 5000)
        with _Asked(path) as handle:
            assert read_at_most(handle, 16 << 20) == b"x" * 5000
        assert handle.asked == [5001]  # not 16 MiB and one byte: no buffer of the limit's size

    def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_says_it_is_over(self, tmp_path: Path) -> None:
        path = tmp_path / "edge.yaml"
        path.write_bytes(b"y" * 100)
        with path.open("rb") as handle:
            assert read_at_most(handle, 100) == b"y" * 100
        with path.open("rb") as handle:
            assert read_at_most(handle, 99) == b"y" * 100  # the limit and one more byte: over
        with path.open("rb") as handle:
            assert len(read_at_most(handle, 10)) == 11

    def test_a_file_that_grows_after_its_size_is_taken_is_still_bounded(self, tmp_path: Path) -> None:
        path = tmp_path / "growing.yaml"
        path.write_bytes(b"a" * 50)
        with _Asked(path, grow_by=b"b" * 500) as handle:
            data = read_at_most(handle, 200)
        assert data == b"a" * 50 + b"b" * 151  # read on to one byte past the limit, no further
        assert handle.asked == [51, 150]
        with _Asked(path) as handle:
            assert len(read_at_most(handle, 10_000)) == 550  # under a large limit, all of it

    def test_an_empty_file_and_a_stream_without_a_descriptor(self) -> None:
        assert read_at_most(io.BytesIO(b""), 10) == b""
        assert read_at_most(io.BytesIO(b"z" * 30), 10) == b"z" * 11
        assert read_at_most(io.BytesIO(b"z" * 5), 10) == b"z" * 5

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
    def test_a_pipe_of_unknown_size_is_read_to_one_byte_past_the_limit(self, tmp_path: Path) -> None:
        path = tmp_path / "pipe"
        os.mkfifo(path)

        def write() -> None:
            with path.open("wb") as pipe, contextlib.suppress(BrokenPipeError):
                pipe.write(b"p" * 3000)

        writer = threading.Thread(target=write)
        writer.start()
        try:
            with path.open("rb") as handle:
                assert read_at_most(handle, 1000) == b"p" * 1001
        finally:
            writer.join()


class TestItsReaders:
    """The readers of other files than incidents bound them the same way, at their own limits."""

    def test_a_configuration_file_over_16_mib_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "postmortem.toml"
        path.write_bytes(b"preset = 'google'\n" + b"#" * (16 << 20))
        with pytest.raises(ConfigError, match="too large for a configuration file"):
            load_config(path)
        path.write_bytes(b"preset = 'google'\n")
        assert load_config(path).preset == "google"

    def test_a_policy_over_1_mib_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.toml"
        path.write_bytes(b"#" * ((1 << 20) + 1))
        with pytest.raises(PostmortemError, match="a policy file is at most 1 MiB"):
            load_policy(path)
        path.write_bytes(b"#" * (1 << 20))
        load_policy(path)  # exactly the limit: read

    def test_an_image_over_the_limit_is_not_shown(self, tmp_path: Path) -> None:
        png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
        (tmp_path / "small.png").write_bytes(png)
        (tmp_path / "large.png").write_bytes(png + b"\0" * MAX_IMAGE_BYTES)
        small: Any = read_image("small.png", tmp_path)
        assert small is not None
        assert small.data == png
        assert read_image("large.png", tmp_path) is None
