"""Generated training pairs: negations, neutral pairs and reported speech, each from the loaded NLI rows.

They teach the model the cases that news articles are full of and NLI corpora are short of.
"""
