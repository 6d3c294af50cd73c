"""MkDocs glue: the ``yearbook`` plugin (registered as an entry point)."""
