-- One import attempt, successful or not. Parameters: one per column below; :files is JSON
-- text (name, kind and row counts per file).
INSERT INTO import_log (actor, actor_name, channel, org_id, files, kinds, mode, rows_read,
                        rows_loaded, rows_rejected, result, message, seconds)
VALUES (:actor, :actor_name, :channel, :org_id, :files, :kinds, :mode, :rows_read,
        :rows_loaded, :rows_rejected, :result, :message, :seconds)
