"""Qt item models, each fed by a core query."""
