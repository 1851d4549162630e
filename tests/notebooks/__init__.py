"""Tests of the notebooks (structure, no kernel) and of the self-checking exercises."""
