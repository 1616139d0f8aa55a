"""Reading cases: sources, decoding, segmentation, participants."""
