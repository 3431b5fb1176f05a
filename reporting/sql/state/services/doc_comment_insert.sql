-- A comment on a needed change in a service's documentation (:slug NULL = the service).
-- Parameters: :org_id, :service_id, :slug, :author_id, :author_name, :body.
INSERT INTO doc_comments (org_id, service_id, slug, author_id, author_name, body)
VALUES (:org_id, :service_id, :slug, :author_id, :author_name, :body)
