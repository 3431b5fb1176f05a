-- Remove a service's documents before loading its folder again.
-- Parameters: :org_id, :service_id.
DELETE FROM service_docs WHERE org_id = :org_id AND service_id = :service_id
