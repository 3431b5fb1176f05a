"""Who may see and change what: scopes, accounts, sign-in, user management, permissions."""
