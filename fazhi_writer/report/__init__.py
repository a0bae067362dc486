"""Stage 3: build the report model from the facts through the templates, verify it."""
