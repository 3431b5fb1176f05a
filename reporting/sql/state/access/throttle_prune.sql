-- Forget failures older than the throttle's memory. Parameters: :before (ISO timestamp, UTC).
DELETE FROM login_throttle WHERE last_failure < :before
