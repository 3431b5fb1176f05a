-- Service documentation (Extrawiki): Markdown documents per service, loaded from files by the
-- operator, and comments on needed changes left by the organisation's main user.
CREATE TABLE service_docs (
    org_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    slug TEXT NOT NULL,                       -- the file name without .md
    title TEXT NOT NULL,                      -- the first "# " heading, else the slug
    body TEXT NOT NULL,                       -- Markdown, rendered without raw HTML
    source TEXT,                              -- the file it was loaded from
    loaded_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    loaded_by TEXT NOT NULL,
    PRIMARY KEY (org_id, service_id, slug)
);

CREATE TABLE doc_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    slug TEXT,                                -- the document commented on; NULL = the service
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_by TEXT,
    closed_at TEXT
);
CREATE INDEX doc_comments_open ON doc_comments (org_id, status, service_id);
