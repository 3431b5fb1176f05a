-- One uploaded version of a customer document.
INSERT INTO customer_documents (org_id, service_id, category, title, title_key, version, file_id,
                                file_type, original_name, size_bytes, sha256, uploaded_by,
                                uploaded_by_name)
VALUES (:org_id, :service_id, :category, :title, :title_key, :version, :file_id, :file_type,
        :original_name, :size_bytes, :sha256, :uploaded_by, :uploaded_by_name)
