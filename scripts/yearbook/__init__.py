"""Kỷ yếu số: a digital yearbook generator (website + PDF) for Vietnamese agencies."""

__version__ = "0.1.0"
