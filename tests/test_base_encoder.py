from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from contrast.errors import ModelLoadError
from contrast.training.base_encoder import ARCHIVE_NAME, PARTS, extract_archive, join_parts

MODEL_FILES = {"model.safetensors": b"weights" * 500, "config.json": b'{"model_type": "mpnet"}', "vocab.txt": b"a\nb"}


def _model_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"all-mpnet-base-v2/{name}", content)
    return buffer.getvalue()


def _write_wheels(folder: Path, payload: bytes) -> None:
    """Five wheels laid out as the PyPI parts are: one slice each, hashed in the wheel's RECORD."""
    size = -(-len(payload) // len(PARTS))
    for number, package in enumerate(PARTS, start=1):
        module = package.replace("-", "_")
        member = f"{package[:-4]}_{number:03d}/input/{ARCHIVE_NAME}.{number:03d}"
        piece = payload[(number - 1) * size : number * size]
        digest = base64.urlsafe_b64encode(hashlib.sha256(piece).digest()).rstrip(b"=").decode()
        with zipfile.ZipFile(folder / f"{module}-0.0.1-py3-none-any.whl", "w") as wheel:
            wheel.writestr(member, piece)
            wheel.writestr(f"{module}-0.0.1.dist-info/RECORD", f"{member},sha256={digest},{len(piece)}\n")


def _corrupt_slice(wheel: Path) -> None:
    """Rewrite one wheel with a byte flipped in its slice but the original RECORD, as a damaged download is."""
    with zipfile.ZipFile(wheel) as source:
        members = {name: source.read(name) for name in source.namelist()}
    name = next(name for name in members if ".zip." in name)
    members[name] = bytes([members[name][0] ^ 0xFF]) + members[name][1:]
    with zipfile.ZipFile(wheel, "w") as target:
        for member, content in members.items():
            target.writestr(member, content)


def test_join_and_extract_give_the_model_folder(tmp_path):
    _write_wheels(tmp_path, _model_zip(MODEL_FILES))
    archive = join_parts(tmp_path, tmp_path / ARCHIVE_NAME)
    model = extract_archive(archive, tmp_path / "model")
    assert {path.name: path.read_bytes() for path in model.iterdir()} == MODEL_FILES


def test_a_corrupted_part_is_refused_with_one_line(tmp_path):
    _write_wheels(tmp_path, _model_zip(MODEL_FILES))
    wheel = sorted(tmp_path.glob("*part_003*.whl"))[0]
    _corrupt_slice(wheel)
    with pytest.raises(ModelLoadError) as error:
        join_parts(tmp_path, tmp_path / ARCHIVE_NAME)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{wheel.name} is corrupt: ") and "does not match the sha256 in its RECORD" in message
    assert not (tmp_path / ARCHIVE_NAME).exists()


def test_a_missing_part_names_the_package(tmp_path):
    _write_wheels(tmp_path, _model_zip(MODEL_FILES))
    sorted(tmp_path.glob("*part_005*.whl"))[0].unlink()
    with pytest.raises(ModelLoadError, match=f"has no wheel of {PARTS[-1]}; run `contrast model fetch-base`"):
        join_parts(tmp_path, tmp_path / ARCHIVE_NAME)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"config.json": b"{}"}, "holds no folder with model.safetensors and config.json"),
        ({"model.safetensors": b"w"}, "holds no folder with model.safetensors and config.json"),
    ],
)
def test_an_archive_without_weights_and_config_is_refused(tmp_path, files, message):
    archive = tmp_path / ARCHIVE_NAME
    archive.write_bytes(_model_zip(files))
    with pytest.raises(ModelLoadError, match=message):
        extract_archive(archive, tmp_path / "model")


def test_an_unreadable_archive_is_refused(tmp_path):
    archive = tmp_path / ARCHIVE_NAME
    archive.write_bytes(_model_zip(MODEL_FILES)[:-40])
    with pytest.raises(ModelLoadError, match="is not a readable zip"):
        extract_archive(archive, tmp_path / "model")
