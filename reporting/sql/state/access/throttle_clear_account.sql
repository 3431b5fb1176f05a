-- Forget every source's failures for an address (its password was reset). Parameters: :account.
DELETE FROM login_throttle WHERE account = :account
