"""Commands that build Parley's bundled resources from public data."""
