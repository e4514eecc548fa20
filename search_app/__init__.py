"""Search for the library: the search API (engine), the CLI and the web app."""
