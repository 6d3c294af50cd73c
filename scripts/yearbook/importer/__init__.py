"""``yearbook import``: Word articles from units and the youth union into draft pages (plan I.3)."""
