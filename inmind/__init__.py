"""Shared code for the In Mind site: errors for people, the safe build runner and the dev server."""
