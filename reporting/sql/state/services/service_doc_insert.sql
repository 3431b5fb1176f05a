-- One document of a service. Parameters: :org_id, :service_id, :slug, :title, :body,
-- :source (the file it came from), :loaded_by.
INSERT INTO service_docs (org_id, service_id, slug, title, body, source, loaded_by)
VALUES (:org_id, :service_id, :slug, :title, :body, :source, :loaded_by)
