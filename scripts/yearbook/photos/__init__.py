"""Photo archive pipeline: originals in ``archive/`` → web and print derivatives + manifest."""
