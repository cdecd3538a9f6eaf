"""tocsin: news in, a geocoded database of violent incidents and the reactions around them out."""

__version__ = "0.1.0"
