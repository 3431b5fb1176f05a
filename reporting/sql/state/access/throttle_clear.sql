-- Forget a source's failures for an address after it signed in. Parameters: :source, :account.
DELETE FROM login_throttle WHERE source = :source AND account = :account
