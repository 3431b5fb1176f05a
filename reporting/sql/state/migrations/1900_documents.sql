-- Issue 17 point 6: the customer's own documents per service (contracts, service
-- descriptions, reports, other). One row per uploaded version; the bytes are stored in the
-- documents folder under :file_id (a server-generated id, never a user-given name), the
-- original file name is metadata only. A new upload of the same title (case-insensitive) in
-- the same organisation and service is the next version; older versions stay.
CREATE TABLE customer_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    category TEXT NOT NULL
        CHECK (category IN ('contract', 'service_description', 'report', 'other')),
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,                  -- the title casefolded: what versions share
    version INTEGER NOT NULL CHECK (version >= 1),
    file_id TEXT NOT NULL UNIQUE,             -- 32 hex digits, the stored file's name
    file_type TEXT NOT NULL
        CHECK (file_type IN ('pdf', 'docx', 'xlsx', 'pptx', 'txt', 'csv', 'png', 'jpg')),
    original_name TEXT NOT NULL,              -- as uploaded, shown only sanitised
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_by_name TEXT NOT NULL,
    uploaded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,   -- UTC; shown in Finnish time
    UNIQUE (org_id, service_id, title_key, version)
);
CREATE INDEX customer_documents_by_service ON customer_documents (org_id, service_id, title_key);
