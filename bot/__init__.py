"""Question answering over the education bureau's work reports: corpus → index → cited answers."""
