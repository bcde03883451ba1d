"""Across articles: does an article agree with, disagree with, discuss, or ignore a claim (FNC-1's four stances)?"""
