-- Name search: a trigram full-text index over lead names (case-insensitive substring search of three
-- characters or more), filled in the background in id order rather than inside the import's
-- transactions, so an import runs at full speed and searches read the index plus a scan of the leads
-- above name_index_progress.indexed_up_to (those imported since). Lead ids only grow, so every lead at
-- or below that mark is in the index; the triggers keep those entries right when a name changes or a
-- lead goes. (Each trigger body is one statement: see V2 about the build's SQL runner.)
CREATE VIRTUAL TABLE lead_name_fts USING fts5(
    name, content = 'outbound_leads', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);

CREATE TABLE name_index_progress (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_up_to INTEGER NOT NULL
);
INSERT INTO name_index_progress (id, indexed_up_to) VALUES (1, 0);

CREATE TRIGGER lead_name_fts_forget_old_name AFTER UPDATE OF name ON outbound_leads
    WHEN OLD.name IS NOT NULL AND OLD.name IS NOT NEW.name
        AND OLD.id <= (SELECT indexed_up_to FROM name_index_progress WHERE id = 1) BEGIN
    INSERT INTO lead_name_fts (lead_name_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name); END;

CREATE TRIGGER lead_name_fts_learn_new_name AFTER UPDATE OF name ON outbound_leads
    WHEN NEW.name IS NOT NULL AND OLD.name IS NOT NEW.name
        AND NEW.id <= (SELECT indexed_up_to FROM name_index_progress WHERE id = 1) BEGIN
    INSERT INTO lead_name_fts (rowid, name) VALUES (NEW.id, NEW.name); END;

CREATE TRIGGER lead_name_fts_forget_deleted AFTER DELETE ON outbound_leads
    WHEN OLD.name IS NOT NULL AND OLD.id <= (SELECT indexed_up_to FROM name_index_progress WHERE id = 1) BEGIN
    INSERT INTO lead_name_fts (lead_name_fts, rowid, name) VALUES ('delete', OLD.id, OLD.name); END;
