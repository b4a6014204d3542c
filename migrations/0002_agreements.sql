-- Organisations that are party to agreements. Identity is (name, country_code): the same name in
-- two countries ("Ministry of Foreign Affairs") is two parties.
CREATE TABLE parties (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    country_code TEXT,
    country      TEXT,
    UNIQUE (name, country_code)
);

-- Acronyms and short forms of a party, from the reference data and the articles' own definitions.
CREATE TABLE party_aliases (
    party_id INTEGER NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    PRIMARY KEY (party_id, alias)
);

-- People who signed agreements. Identity is the name as the articles give it, honorifics removed.
CREATE TABLE people (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE
);

-- Agreements, merged across the articles that report them.
CREATE TABLE agreements (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    -- Parties + date (or first source when undated): keeps the slug stable across re-imports.
    identity     TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    -- "YYYY-MM-DD", "YYYY-MM" or "YYYY", with the precision the sources give; NULL if not stated.
    signed_date  TEXT,
    signed_place TEXT,
    duration     TEXT,
    expires      TEXT,
    renews_id    INTEGER REFERENCES agreements (id)
);

CREATE INDEX agreements_signed_date ON agreements (signed_date);

CREATE TABLE agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    party_id     INTEGER NOT NULL REFERENCES parties (id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, party_id)
);

CREATE INDEX agreement_parties_party ON agreement_parties (party_id);

-- Who signed, in what role, for which party (NULL when the articles do not say).
CREATE TABLE signatories (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    role         TEXT,
    party_id     INTEGER REFERENCES parties (id),
    position     INTEGER NOT NULL,
    PRIMARY KEY (agreement_id, person_id)
);

CREATE INDEX signatories_person ON signatories (person_id);

-- The articles that report an agreement.
CREATE TABLE agreement_sources (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (agreement_id, article_id)
);

CREATE INDEX agreement_sources_article ON agreement_sources (article_id);

CREATE TABLE agreement_topics (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    topic        TEXT NOT NULL,
    PRIMARY KEY (agreement_id, topic)
);

-- Provenance: for each extracted fact, the sentence of the source article that states it.
CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    field        TEXT NOT NULL,
    value        TEXT NOT NULL,
    sentence     TEXT NOT NULL
);

CREATE INDEX evidence_agreement ON evidence (agreement_id);

-- Agreements an article names without reporting their signing (earlier MoUs, trade agreements).
CREATE TABLE mentions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    year       INTEGER,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
);

-- Old slugs that answer 301 with the new one, so links never break when a title changes.
CREATE TABLE slug_redirects (
    kind     TEXT NOT NULL,
    old_slug TEXT NOT NULL,
    new_slug TEXT NOT NULL,
    PRIMARY KEY (kind, old_slug)
);
