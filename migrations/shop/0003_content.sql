-- Content side of the back-office: what the block editor's forms record, the sidebar and
-- footer widgets, per-article options.

-- Messages and sign-ups sent from a "form" block of an article or page.
CREATE TABLE form_submission (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER REFERENCES post(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('contact', 'newsletter')),
    name       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL,
    message    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

-- Widgets of the storefront's blog sidebar and footer (Apparence › Widgets).
-- settings: JSON, depending on the kind (text: {"text"}, recent_posts: {"count", "excerpt_words"},
-- gallery: {"media_ids": [..]}).
CREATE TABLE widget (
    id       INTEGER PRIMARY KEY,
    area     TEXT NOT NULL CHECK (area IN ('sidebar', 'footer')),
    kind     TEXT NOT NULL CHECK (kind IN ('recent_posts', 'categories', 'search', 'calendar', 'gallery', 'text', 'social')),
    title    TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Breadcrumb shown above the article or page (SEO panel).
ALTER TABLE post ADD COLUMN breadcrumb INTEGER NOT NULL DEFAULT 1;
