"""Arithmetic precision of the NLI forward pass: the fastest one that keeps the model's accuracy."""

from __future__ import annotations

from enum import StrEnum


class Precision(StrEnum):
    """`auto` picks bf16 where the hardware does it natively, else fp32."""

    auto = "auto"
    fp32 = "fp32"
    bf16 = "bf16"
    int8 = "int8"


def resolve_precision(precision: Precision | str, device: str) -> Precision:
    """The precision that will really run: dynamic int8 quantisation exists on CPU only."""
    import torch

    precision = Precision(precision)
    if precision == Precision.int8 and device != "cpu":
        return Precision.fp32
    if precision != Precision.auto:
        return precision
    if device == "cuda":
        return Precision.bf16 if torch.cuda.is_bf16_supported() else Precision.fp32
    return Precision.bf16 if native_bf16_cpu() else Precision.fp32


def native_bf16_cpu() -> bool:
    """AMX or AVX-512 BF16: NLI ran 1.8× faster there in bf16 (docs/benchmarks.md); elsewhere bf16 is slower."""
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_amx_tile_supported", "_is_avx512_bf16_supported")]
    return any(probe is not None and probe() for probe in probes)
