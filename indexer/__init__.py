"""The Whoosh index: schema, builds, and which version is live. Uses corpus and analyzers."""
