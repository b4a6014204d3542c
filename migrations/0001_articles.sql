-- Press releases as imported from the seeds folder. One row per source file; the slug is the
-- article's permanent URL and is carried over from the previous generation while the file lives.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    file         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    publisher    TEXT,
    -- "YYYY-MM-DD", "YYYY-MM" or "YYYY": the precision the text gives.
    published    TEXT,
    source_url   TEXT,
    -- The release with boilerplate removed, paragraphs separated by blank lines.
    body         TEXT NOT NULL,
    -- The file exactly as read (lossily decoded), so nothing is lost to boilerplate stripping.
    raw          TEXT NOT NULL,
    -- SHA-256 of the file's bytes: tells unchanged, changed and duplicate files apart.
    content_hash TEXT NOT NULL
);

CREATE INDEX articles_published ON articles (published);
