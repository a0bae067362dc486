"""The command layer: entry point, typer app, drafting, batches. Nothing imports it."""
