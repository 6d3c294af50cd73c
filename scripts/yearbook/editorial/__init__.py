"""The editorial board's preview-only views: the ma-két ladder, the schedule page, review packets."""
