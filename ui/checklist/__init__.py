"""The Checklist page: the onboarding checklist, its items and checklist templates.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
