"""Cross-document work, run after every document is extracted (no spaCy needed):
:mod:`.people` merges people across spellings and documents, :mod:`.questions` groups open
questions about the same topic."""
