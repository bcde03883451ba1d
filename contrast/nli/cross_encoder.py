"""Cross-encoders whose output columns are found by label name: the NLI model and the stance model load alike.

A model's head is only usable if its `config.id2label` names the classes a stage needs; the column order
differs between models (MNLI checkpoints disagree on it), so columns are always looked up by name.
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import torch
from tqdm.auto import tqdm
from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from contrast.errors import ModelLoadError
from contrast.nli.precision import Precision, resolve_precision

DEFAULT_BATCH_SIZE = 32


def shipped_model_path(name: str, environment_variable: str) -> str:
    """The variable wins; else the shipped model `name`, inside the wheel or beside a source checkout."""
    if environment_variable in os.environ:
        return os.environ[environment_variable]
    package = Path(__file__).resolve().parents[1]  # contrast/, where the wheel keeps models/
    for candidate in (package / "models" / name, package.parent / "models" / name):
        if candidate.is_dir():
            return str(candidate)
    return str(package.parent / "models" / name)


class LabelledCrossEncoder:
    """A sequence-classification model read through the columns of `labels`, in that order.

    Subclasses name their labels, what they are called in errors, and their token window.
    """

    labels: ClassVar[tuple[str, ...]]
    kind: ClassVar[str]  # "NLI model": in "cannot load NLI model …"
    a_kind: ClassVar[str]  # "an NLI model": in "… is not an NLI model"
    max_length: ClassVar[int]
    progress_label: ClassVar[str]
    shipped_name: ClassVar[str]  # the default: models/<shipped_name>
    environment_variable: ClassVar[str]  # names the model in place of the default

    def __init__(
        self,
        name_or_path: str | None = None,
        *,
        device: str | None = None,
        precision: Precision | str = Precision.auto,
    ) -> None:
        """`bf16` runs matmuls under autocast; `int8` swaps Linear layers for dynamically quantised ones (CPU)."""
        self.name_or_path = name_or_path or self.default_path()
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.precision = resolve_precision(precision, self.device)
        local = Path(self.name_or_path).expanduser()
        if not local.exists() and (self.name_or_path.startswith((".", "/", "~")) or self.name_or_path.count("/") > 1):
            raise ModelLoadError(
                f"{self.name_or_path}: no such model directory; pass a local model directory or a Hugging Face "
                "model id with --model"
            )
        try:
            config = AutoConfig.from_pretrained(self.name_or_path)
        except (OSError, ValueError) as error:
            raise ModelLoadError(
                f"cannot load {self.kind} {self.name_or_path!r}: {_first_line(error)}; "
                "pass a local model directory or a Hugging Face model id with --model"
            ) from None
        self.label_columns = self._label_columns(config.id2label)
        self.tokenizer = AutoTokenizer.from_pretrained(self.name_or_path)
        self.model = self._load_weights().to(self.device)
        self.model.eval()
        if self.precision == Precision.int8:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.read_companions(local)

    def read_companions(self, folder: Path) -> None:
        """Files our training writes beside the weights (a calibration, a decision rule); other models have none."""

    @classmethod
    def default_path(cls) -> str:
        """The environment variable wins; else the shipped model, inside the wheel or beside a source checkout."""
        return shipped_model_path(cls.shipped_name, cls.environment_variable)

    def logits(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_length: int | None = None,
        show_progress: bool = False,
    ) -> torch.Tensor:
        """Raw logits in `labels` order; batches are sorted by token count so padding stays small."""
        encoded = self.tokenizer(
            [premise for premise, _ in pairs],
            [hypothesis for _, hypothesis in pairs],
            truncation=True,
            max_length=max_length or self.max_length,
        )
        order = sorted(range(len(pairs)), key=lambda i: len(encoded["input_ids"][i]))
        out = torch.empty((len(pairs), len(self.labels)))
        starts = range(0, len(order), batch_size)
        bf16 = torch.autocast(self.device, dtype=torch.bfloat16, enabled=self.precision == Precision.bf16)
        with torch.inference_mode(), bf16:
            for start in tqdm(starts, desc=self.progress_label, unit="batch", disable=not show_progress):
                index = order[start : start + batch_size]
                batch = {key: [values[i] for i in index] for key, values in encoded.items()}
                padded = self.tokenizer.pad(batch, return_tensors="pt").to(self.device)
                batch_logits = self.model(**padded).logits.float().cpu()
                out[index] = batch_logits[:, self.label_columns]
        return out

    def _label_columns(self, id2label: dict[int, str]) -> list[int]:
        by_name = {str(label).lower(): int(index) for index, label in id2label.items()}
        missing = [label for label in self.labels if label not in by_name]
        if missing:
            found = ", ".join(str(label) for label in id2label.values())
            wanted = ", ".join(self.labels[:-1]) + " and " + self.labels[-1]
            raise ModelLoadError(
                f"{self.name_or_path} is not {self.a_kind}: its labels are {found}; "
                f"pass a model whose labels include {wanted}"
            )
        return [by_name[label] for label in self.labels]

    def _load_weights(self) -> PreTrainedModel:
        """Weights load as safetensors or as a pickle of plain tensors (`weights_only`): a model file never runs code.

        Custom model code stays refused too (transformers' default `trust_remote_code=False`).
        """
        try:
            return AutoModelForSequenceClassification.from_pretrained(
                self.name_or_path, dtype=torch.float32, weights_only=True
            )
        except pickle.UnpicklingError:
            raise ModelLoadError(
                f"{self.name_or_path}: its weights are a pickle of more than plain tensors, refused because it "
                "could run code; pass a model saved as model.safetensors"
            ) from None
        except (OSError, ValueError, RuntimeError) as error:
            raise ModelLoadError(
                f"cannot load the weights of {self.kind} {self.name_or_path!r}: {_first_line(error)}; "
                "pass a model directory with model.safetensors"
            ) from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
