"""Stage 1–2: read the facts file, find 待填, validate it into records, lint it."""
