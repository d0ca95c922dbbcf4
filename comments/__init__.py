"""Comment threads on lessons, homework and submissions (later: reviews and videos)."""
