-- Every version uploaded by a demo persona (user ids 'demo:...'), which the demo generator
-- replaces on a rerun; returns the stored files' ids so their bytes are deleted too.
DELETE FROM customer_documents
WHERE uploaded_by LIKE 'demo:%'
RETURNING file_id
