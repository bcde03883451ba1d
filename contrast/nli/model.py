"""NLI scoring: any Hugging Face sequence-classification NLI model, labels read from its config."""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from tqdm.auto import tqdm
from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, PreTrainedModel

from contrast.errors import ModelLoadError
from contrast.nli.calibration import read_temperature
from contrast.nli.precision import Precision, resolve_precision

SHIPPED_MODEL_NAME = "contrast-nli-minilm-l6"
DEFAULT_BATCH_SIZE = 32
DEFAULT_MAX_LENGTH = 256
REQUIRED_LABELS = ("entailment", "neutral", "contradiction")


def default_model_path() -> str:
    """`CONTRAST_MODEL` wins; else the shipped model, inside the wheel or beside a source checkout."""
    if "CONTRAST_MODEL" in os.environ:
        return os.environ["CONTRAST_MODEL"]
    package = Path(__file__).resolve().parents[1]  # contrast/, where the wheel keeps models/
    for candidate in (package / "models" / SHIPPED_MODEL_NAME, package.parent / "models" / SHIPPED_MODEL_NAME):
        if candidate.is_dir():
            return str(candidate)
    return str(package.parent / "models" / SHIPPED_MODEL_NAME)


@dataclass(frozen=True, slots=True)
class NLIProbabilities:
    entailment: float
    neutral: float
    contradiction: float


class NLIModel:
    """A cross-encoder whose output columns are mapped to entailment/neutral/contradiction by name."""

    def __init__(
        self,
        name_or_path: str | None = None,
        *,
        device: str | None = None,
        precision: Precision | str = Precision.auto,
    ) -> None:
        """`bf16` runs matmuls under autocast; `int8` swaps Linear layers for dynamically quantised ones (CPU)."""
        self.name_or_path = name_or_path or default_model_path()
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
                f"cannot load NLI model {self.name_or_path!r}: {_first_line(error)}; "
                "pass a local model directory or a Hugging Face model id with --model"
            ) from None
        self.label_columns = _label_columns(self.name_or_path, config.id2label)
        self.tokenizer = AutoTokenizer.from_pretrained(self.name_or_path)
        self.model = _load_weights(self.name_or_path).to(self.device)
        self.model.eval()
        if self.precision == Precision.int8:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.temperature = read_temperature(local) if local.is_dir() else 1.0

    def logits(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_length: int = DEFAULT_MAX_LENGTH,
        show_progress: bool = False,
    ) -> torch.Tensor:
        """Raw logits in REQUIRED_LABELS order; batches are sorted by token count so padding stays small."""
        encoded = self.tokenizer(
            [premise for premise, _ in pairs],
            [hypothesis for _, hypothesis in pairs],
            truncation=True,
            max_length=max_length,
        )
        order = sorted(range(len(pairs)), key=lambda i: len(encoded["input_ids"][i]))
        out = torch.empty((len(pairs), len(REQUIRED_LABELS)))
        starts = range(0, len(order), batch_size)
        bf16 = torch.autocast(self.device, dtype=torch.bfloat16, enabled=self.precision == Precision.bf16)
        with torch.inference_mode(), bf16:
            for start in tqdm(starts, desc="NLI", unit="batch", disable=not show_progress):
                index = order[start : start + batch_size]
                batch = {key: [values[i] for i in index] for key, values in encoded.items()}
                padded = self.tokenizer.pad(batch, return_tensors="pt").to(self.device)
                batch_logits = self.model(**padded).logits.float().cpu()
                out[index] = batch_logits[:, self.label_columns]
        return out

    def predict(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        show_progress: bool = False,
    ) -> list[NLIProbabilities]:
        """Calibrated probabilities for each (premise, hypothesis) pair."""
        if not pairs:
            return []
        logits = self.logits(pairs, batch_size=batch_size, show_progress=show_progress)
        probabilities = torch.softmax(logits / self.temperature, dim=-1).tolist()
        return [NLIProbabilities(*row) for row in probabilities]


def _label_columns(name: str, id2label: dict[int, str]) -> list[int]:
    by_name = {str(label).lower(): int(index) for index, label in id2label.items()}
    missing = [label for label in REQUIRED_LABELS if label not in by_name]
    if missing:
        labels = ", ".join(str(label) for label in id2label.values())
        raise ModelLoadError(
            f"{name} is not an NLI model: its labels are {labels}; "
            "pass a model whose labels include entailment, neutral and contradiction"
        )
    return [by_name[label] for label in REQUIRED_LABELS]


def _load_weights(name_or_path: str) -> PreTrainedModel:
    """Weights load as safetensors or as a pickle of plain tensors (`weights_only`): a model file never runs code.

    Custom model code stays refused too (transformers' default `trust_remote_code=False`).
    """
    try:
        return AutoModelForSequenceClassification.from_pretrained(name_or_path, dtype=torch.float32, weights_only=True)
    except pickle.UnpicklingError:
        raise ModelLoadError(
            f"{name_or_path}: its weights are a pickle of more than plain tensors, refused because it could run code; "
            "pass a model saved as model.safetensors"
        ) from None
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelLoadError(
            f"cannot load the weights of NLI model {name_or_path!r}: {_first_line(error)}; "
            "pass a model directory with model.safetensors"
        ) from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
