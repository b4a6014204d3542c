-- The agreements list reads one page at a time in one of three orders, filtered by a party's
-- country, a party, a topic: these indexes let SQLite read a page and count the matches without
-- sorting or scanning every agreement.
CREATE INDEX agreements_newest ON agreements (signed_date IS NULL, signed_date DESC, title);
CREATE INDEX agreements_oldest ON agreements (signed_date IS NULL, signed_date, title);
CREATE INDEX agreements_title ON agreements (lower(title), slug);
CREATE INDEX agreement_topics_topic ON agreement_topics (topic);
CREATE INDEX parties_country ON parties (country_code);

-- Pages read an agreement's renewals by the agreement they renew.
CREATE INDEX agreements_renews ON agreements (renews_id);
