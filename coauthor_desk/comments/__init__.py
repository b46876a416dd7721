"""Comment threads and suggested changes, anchored to the words they are about."""
