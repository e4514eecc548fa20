"""One small module per input format; each has ``read(path) -> Iterator[Article | Rejection]``."""
