"""Incident finder (work in progress)."""


def find_incidents(doc, article):  # type: ignore[no-untyped-def]
    return []
