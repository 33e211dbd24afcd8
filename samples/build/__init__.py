"""Builds the sample documents (`make samples`) from samples/truth and the seeds."""
