"""Alert rules, the alerts they fire, and their delivery (issue 18)."""
