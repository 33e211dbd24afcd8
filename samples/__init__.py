"""Sample documents built from the seed reports, and their hand-verified truth."""
