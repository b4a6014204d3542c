-- The people list reads one page at a time by name.
CREATE INDEX people_name ON people (name, id);
