"""cyfacts: look up sourced facts about Chinese regional policy from a deck of YAML cards."""

__version__ = "0.1.0"
