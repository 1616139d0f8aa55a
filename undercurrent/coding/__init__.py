"""Codebooks, automatic and manual coding, agreement between coders, and code matrices."""
from .codebook import Code, Codebook, load_codebook, load_codebooks, shipped_codebooks

__all__ = ["Code", "Codebook", "load_codebook", "load_codebooks", "shipped_codebooks"]
