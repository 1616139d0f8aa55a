"""Codebooks, automatic and manual coding, agreement between coders, and code matrices.

>>> from undercurrent.coding import shipped_codebooks, agreement, code_matrix, quotes   # doctest: +SKIP
"""
from .agreement import agreement, disagreements
from .codebook import Code, Codebook, load_codebook, load_codebooks, shipped_codebooks
from .learn import LearnedCoder, TextCoder, learn
from .matrices import code_matrix, codes_over_interview, codings_by, cooccurrence, quotes

__all__ = ["Code", "Codebook", "load_codebook", "load_codebooks", "shipped_codebooks", "agreement", "disagreements",
           "code_matrix", "codes_over_interview", "codings_by", "cooccurrence", "quotes", "learn", "LearnedCoder", "TextCoder"]
