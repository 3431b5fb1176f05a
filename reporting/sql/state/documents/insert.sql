-- One uploaded version of a customer document; :uploaded_at NULL means now (UTC), a value is
-- the demo generator's time relative to the data's "now".
INSERT INTO customer_documents (org_id, service_id, category, title, title_key, version, file_id,
                                file_type, original_name, size_bytes, sha256, uploaded_by,
                                uploaded_by_name, uploaded_at)
VALUES (:org_id, :service_id, :category, :title, :title_key, :version, :file_id, :file_type,
        :original_name, :size_bytes, :sha256, :uploaded_by, :uploaded_by_name,
        COALESCE(:uploaded_at, CURRENT_TIMESTAMP))
