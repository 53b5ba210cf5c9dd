"""Reporters: each turns results into one output format and evaluates nothing."""
