"""The extraction stages, in pipeline order in `registry.PIPELINE`."""
