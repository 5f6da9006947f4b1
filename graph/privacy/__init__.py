"""Who is private, and protecting them before anything leaves the machine.

- :mod:`.rule`: the one rule for who is private (victims and witnesses always; with scope
  ``private``, every person who holds no post and is not flagged public), and how a name is
  matched in text.
- :mod:`.roles`: victims and witnesses named in a report's text get those roles.
- :mod:`.record`: an extraction record with private people pseudonymised (`extract --redact`).
- :mod:`.subgraph`: a subgraph with private people pseudonymised or dropped (every export).
"""
