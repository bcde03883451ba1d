"""Training: fine-tune, calibrate and describe the shipped NLI model; never imported by `check`.

Kept out of the runtime modules so that reading the engine does not mean reading the trainer, and so that
training-only dependencies (the augmenters' spaCy rules, checkpoints) stay behind `contrast model`.
"""
