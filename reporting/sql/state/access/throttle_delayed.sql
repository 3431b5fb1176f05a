-- The addresses some source must wait for before its next sign-in attempt.
-- One row per address. Parameters: :now (ISO timestamp, UTC).
SELECT DISTINCT account FROM login_throttle WHERE account <> '*' AND blocked_until > :now
