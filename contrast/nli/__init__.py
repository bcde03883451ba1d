"""NLI: a Hugging Face cross-encoder scores candidate pairs (entailment, neutral, contradiction).

`precision` picks the arithmetic before torch loads, and `calibration` holds the temperature the training fitted.
"""
