-- The shop schema: one database per sandbox, and the golden/prepared databases it is copied from.
-- Money is in cents (INTEGER), percentages are REAL (20.0 = 20 %), times are local Paris time as
-- TEXT 'YYYY-MM-DD HH:MM:SS', days as 'YYYY-MM-DD'. Tables are STRICT so that a bad value in the
-- reference sources is refused at load time with its file and line.

-- Shop-wide settings (identity, legal details, reading/discussion settings, social links).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Where this database comes from: context id and version, subject, sandbox id.
CREATE TABLE sandbox_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL UNIQUE,          -- path under reference-site/media, or uploads/...
    mime        TEXT NOT NULL,
    data        BLOB NOT NULL,
    alt         TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    caption     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL DEFAULT '2025-11-01 09:00:00'
) STRICT;

-- ---------------------------------------------------------------- employees
CREATE TABLE profile (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- One row per back-office area ("tab") a profile may use.
CREATE TABLE profile_permission (
    profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    tab        TEXT NOT NULL,
    can_view   INTEGER NOT NULL DEFAULT 1,
    can_add    INTEGER NOT NULL DEFAULT 0,
    can_edit   INTEGER NOT NULL DEFAULT 0,
    can_delete INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (profile_id, tab)
) STRICT;

CREATE TABLE employee (
    id            INTEGER PRIMARY KEY,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    profile_id    INTEGER NOT NULL REFERENCES profile(id),
    wp_role       TEXT NOT NULL DEFAULT 'author'
                  CHECK (wp_role IN ('administrator', 'editor', 'author', 'contributor')),
    bio           TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL DEFAULT '2025-11-01 09:00:00'
) STRICT;

-- ---------------------------------------------------------------- catalogue
CREATE TABLE category (
    id               INTEGER PRIMARY KEY,
    parent_id        INTEGER REFERENCES category(id),
    name             TEXT NOT NULL,
    slug             TEXT NOT NULL UNIQUE,
    description      TEXT NOT NULL DEFAULT '',
    meta_title       TEXT NOT NULL DEFAULT '',
    meta_description TEXT NOT NULL DEFAULT '',
    image_media_id   INTEGER REFERENCES media(id),
    position         INTEGER NOT NULL DEFAULT 0,
    active           INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE brand (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE tax_rule (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    rate REAL NOT NULL CHECK (rate >= 0)
) STRICT;

CREATE TABLE product (
    id                    INTEGER PRIMARY KEY,
    reference             TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    slug                  TEXT NOT NULL UNIQUE,
    summary               TEXT NOT NULL DEFAULT '',
    description           TEXT NOT NULL DEFAULT '',
    category_id           INTEGER NOT NULL REFERENCES category(id),  -- default category
    brand_id              INTEGER REFERENCES brand(id),
    tax_rule_id           INTEGER NOT NULL REFERENCES tax_rule(id),
    price_ht_cents        INTEGER NOT NULL CHECK (price_ht_cents >= 0),
    wholesale_price_cents INTEGER NOT NULL DEFAULT 0,
    quantity              INTEGER NOT NULL DEFAULT 0,   -- used when the product has no combinations
    low_stock_threshold   INTEGER NOT NULL DEFAULT 3,
    out_of_stock          TEXT NOT NULL DEFAULT 'deny' CHECK (out_of_stock IN ('deny', 'allow')),
    available_date        TEXT,
    weight_grams          INTEGER NOT NULL DEFAULT 0,
    ean13                 TEXT NOT NULL DEFAULT '',
    condition             TEXT NOT NULL DEFAULT 'new' CHECK (condition IN ('new', 'used', 'refurbished')),
    active                INTEGER NOT NULL DEFAULT 1,   -- "en ligne"
    web_exclusive         INTEGER NOT NULL DEFAULT 0,
    featured              INTEGER NOT NULL DEFAULT 0,   -- shown in the home "featured products" block
    is_pack               INTEGER NOT NULL DEFAULT 0,
    cover_media_id        INTEGER REFERENCES media(id),
    meta_title            TEXT NOT NULL DEFAULT '',
    meta_description      TEXT NOT NULL DEFAULT '',
    focus_keyword         TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL DEFAULT '2025-11-01 09:00:00',
    updated_at            TEXT NOT NULL DEFAULT '2025-11-01 09:00:00'
) STRICT;

-- Every category a product appears in (its default category included).
CREATE TABLE product_category (
    product_id  INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, category_id)
) STRICT;

CREATE TABLE product_media (
    product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    media_id   INTEGER NOT NULL REFERENCES media(id),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, media_id)
) STRICT;

CREATE TABLE attribute_group (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    public_name TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'select' CHECK (kind IN ('select', 'radio', 'color')),
    position    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE attribute (
    id        INTEGER PRIMARY KEY,
    group_id  INTEGER NOT NULL REFERENCES attribute_group(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    color_hex TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE combination (
    id                 INTEGER PRIMARY KEY,
    product_id         INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    reference          TEXT NOT NULL DEFAULT '',
    price_impact_cents INTEGER NOT NULL DEFAULT 0,   -- HT, added to the product price
    quantity           INTEGER NOT NULL DEFAULT 0,
    is_default         INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE combination_attribute (
    combination_id INTEGER NOT NULL REFERENCES combination(id) ON DELETE CASCADE,
    attribute_id   INTEGER NOT NULL REFERENCES attribute(id),
    PRIMARY KEY (combination_id, attribute_id)
) STRICT;

CREATE TABLE feature (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE product_feature (
    product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    feature_id INTEGER NOT NULL REFERENCES feature(id),
    value      TEXT NOT NULL,
    PRIMARY KEY (product_id, feature_id)
) STRICT;

CREATE TABLE pack_item (
    pack_id    INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES product(id),
    quantity   INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    PRIMARY KEY (pack_id, product_id)
) STRICT;

-- "Produits associés" (accessories) shown on the product page.
CREATE TABLE product_accessory (
    product_id   INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    accessory_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, accessory_id)
) STRICT;

CREATE TABLE customization_field (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'file')),
    label      TEXT NOT NULL,
    required   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE search_alias (
    id     INTEGER PRIMARY KEY,
    alias  TEXT NOT NULL UNIQUE,
    search TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- customers
CREATE TABLE customer_group (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    reduction_percent  REAL NOT NULL DEFAULT 0,
    price_display      TEXT NOT NULL DEFAULT 'TTC' CHECK (price_display IN ('TTC', 'HT')),
    show_prices        INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE customer (
    id               INTEGER PRIMARY KEY,
    gender           TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'M.', 'Mme')),
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    email            TEXT NOT NULL UNIQUE,
    password_hash    TEXT,                      -- NULL: no account (guest or imported customer)
    birthday         TEXT,
    newsletter       INTEGER NOT NULL DEFAULT 0,
    optin            INTEGER NOT NULL DEFAULT 0,
    default_group_id INTEGER NOT NULL REFERENCES customer_group(id),
    is_guest         INTEGER NOT NULL DEFAULT 0,
    active           INTEGER NOT NULL DEFAULT 1,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL
) STRICT;

CREATE TABLE customer_group_member (
    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
    group_id    INTEGER NOT NULL REFERENCES customer_group(id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, group_id)
) STRICT;

CREATE TABLE address (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL DEFAULT 'Mon adresse',
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    company     TEXT NOT NULL DEFAULT '',
    address1    TEXT NOT NULL,
    address2    TEXT NOT NULL DEFAULT '',
    postcode    TEXT NOT NULL,
    city        TEXT NOT NULL,
    country     TEXT NOT NULL DEFAULT 'France',
    phone       TEXT NOT NULL DEFAULT ''
) STRICT;

-- ---------------------------------------------------------------- delivery
CREATE TABLE zone (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE country (
    iso     TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    zone_id INTEGER NOT NULL REFERENCES zone(id),
    active  INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE carrier (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    delay           TEXT NOT NULL,               -- "Livraison en 48 h"
    billing         TEXT NOT NULL DEFAULT 'weight' CHECK (billing IN ('weight', 'price')),
    is_free         INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1,
    position        INTEGER NOT NULL DEFAULT 0,
    tracking_url    TEXT NOT NULL DEFAULT ''
) STRICT;

-- Price of a carrier in a zone for a weight (grams) or order-amount (cents) range [min, max).
CREATE TABLE carrier_range (
    id          INTEGER PRIMARY KEY,
    carrier_id  INTEGER NOT NULL REFERENCES carrier(id) ON DELETE CASCADE,
    zone_id     INTEGER NOT NULL REFERENCES zone(id),
    range_min   INTEGER NOT NULL,
    range_max   INTEGER NOT NULL,
    price_cents INTEGER NOT NULL,                -- TTC
    CHECK (range_max > range_min)
) STRICT;

-- ---------------------------------------------------------------- prices and promotions
CREATE TABLE specific_price (
    id                INTEGER PRIMARY KEY,
    product_id        INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    combination_id    INTEGER REFERENCES combination(id) ON DELETE CASCADE,
    customer_group_id INTEGER REFERENCES customer_group(id),
    customer_id       INTEGER REFERENCES customer(id),
    from_quantity     INTEGER NOT NULL DEFAULT 1,
    reduction_percent REAL NOT NULL DEFAULT 0,
    reduction_cents   INTEGER NOT NULL DEFAULT 0,       -- TTC amount off
    starts_at         TEXT,
    ends_at           TEXT
) STRICT;

CREATE TABLE catalog_rule (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    category_id       INTEGER REFERENCES category(id),
    brand_id          INTEGER REFERENCES brand(id),
    customer_group_id INTEGER REFERENCES customer_group(id),
    from_quantity     INTEGER NOT NULL DEFAULT 1,
    reduction_percent REAL NOT NULL DEFAULT 0,
    reduction_cents   INTEGER NOT NULL DEFAULT 0,
    starts_at         TEXT,
    ends_at           TEXT,
    active            INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE cart_rule (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT NOT NULL,
    code                   TEXT UNIQUE,             -- NULL: applied automatically
    description            TEXT NOT NULL DEFAULT '',
    starts_at              TEXT NOT NULL,
    ends_at                TEXT NOT NULL,
    active                 INTEGER NOT NULL DEFAULT 1,
    priority               INTEGER NOT NULL DEFAULT 1,
    highlight              INTEGER NOT NULL DEFAULT 0,
    minimum_amount_cents   INTEGER NOT NULL DEFAULT 0,   -- TTC, products only
    quantity               INTEGER NOT NULL DEFAULT 1000, -- uses left in total
    quantity_per_customer  INTEGER NOT NULL DEFAULT 1000,
    customer_id            INTEGER REFERENCES customer(id),
    exclude_discounted     INTEGER NOT NULL DEFAULT 0,
    combinable             INTEGER NOT NULL DEFAULT 1,   -- compatible with other cart rules
    free_shipping          INTEGER NOT NULL DEFAULT 0,
    reduction_percent      REAL NOT NULL DEFAULT 0,
    reduction_cents        INTEGER NOT NULL DEFAULT 0,   -- TTC
    reduction_product_id   INTEGER REFERENCES product(id), -- NULL: on the order
    gift_product_id        INTEGER REFERENCES product(id),
    created_at             TEXT NOT NULL DEFAULT '2025-11-01 09:00:00'
) STRICT;

-- Restrictions of a cart rule; a rule with no row of a kind is not restricted on that kind.
CREATE TABLE cart_rule_restriction (
    cart_rule_id INTEGER NOT NULL REFERENCES cart_rule(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('group', 'carrier', 'product', 'category', 'brand')),
    target_id    INTEGER NOT NULL,
    PRIMARY KEY (cart_rule_id, kind, target_id)
) STRICT;

-- ---------------------------------------------------------------- carts and orders
CREATE TABLE cart (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customer(id),
    carrier_id  INTEGER REFERENCES carrier(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE cart_line (
    id             INTEGER PRIMARY KEY,
    cart_id        INTEGER NOT NULL REFERENCES cart(id) ON DELETE CASCADE,
    product_id     INTEGER NOT NULL REFERENCES product(id),
    combination_id INTEGER REFERENCES combination(id),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    customization  TEXT NOT NULL DEFAULT '',
    UNIQUE (cart_id, product_id, combination_id, customization)
) STRICT;

CREATE TABLE cart_cart_rule (
    cart_id      INTEGER NOT NULL REFERENCES cart(id) ON DELETE CASCADE,
    cart_rule_id INTEGER NOT NULL REFERENCES cart_rule(id) ON DELETE CASCADE,
    PRIMARY KEY (cart_id, cart_rule_id)
) STRICT;

CREATE TABLE order_state (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    color     TEXT NOT NULL DEFAULT '#777777',
    paid      INTEGER NOT NULL DEFAULT 0,
    shipped   INTEGER NOT NULL DEFAULT 0,
    delivered INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    refunded  INTEGER NOT NULL DEFAULT 0,
    notify    INTEGER NOT NULL DEFAULT 1   -- the customer gets a message when an order enters it
) STRICT;

CREATE TABLE orders (
    id                    INTEGER PRIMARY KEY,
    reference             TEXT NOT NULL UNIQUE,
    customer_id           INTEGER NOT NULL REFERENCES customer(id),
    delivery_address_id   INTEGER NOT NULL REFERENCES address(id),
    invoice_address_id    INTEGER NOT NULL REFERENCES address(id),
    carrier_id            INTEGER NOT NULL REFERENCES carrier(id),
    cart_id               INTEGER REFERENCES cart(id),
    payment               TEXT NOT NULL,       -- 'Chèque', 'Virement bancaire', 'Carte bancaire'
    state_id              INTEGER NOT NULL REFERENCES order_state(id),
    total_products_ht_cents  INTEGER NOT NULL,
    total_products_cents  INTEGER NOT NULL,    -- TTC, before discounts
    total_discounts_cents INTEGER NOT NULL DEFAULT 0,
    total_shipping_cents  INTEGER NOT NULL DEFAULT 0,
    total_paid_cents      INTEGER NOT NULL,    -- TTC = products - discounts + shipping
    source                TEXT NOT NULL DEFAULT 'direct'
                          CHECK (source IN ('direct', 'organic', 'social', 'email', 'referral', 'paid')),
    device                TEXT NOT NULL DEFAULT 'desktop' CHECK (device IN ('desktop', 'mobile', 'tablet')),
    invoice_number        INTEGER,
    customer_note         TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_customer ON orders(customer_id);
CREATE INDEX orders_by_date ON orders(created_at);

CREATE TABLE order_line (
    id                    INTEGER PRIMARY KEY,
    order_id              INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id            INTEGER REFERENCES product(id),
    combination_id        INTEGER REFERENCES combination(id),
    product_name          TEXT NOT NULL,
    product_reference     TEXT NOT NULL,
    quantity              INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_ht_cents   INTEGER NOT NULL,
    unit_price_cents      INTEGER NOT NULL,   -- TTC, after catalogue discounts
    tax_rate              REAL NOT NULL,
    quantity_returned     INTEGER NOT NULL DEFAULT 0,
    quantity_refunded     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX order_line_by_order ON order_line(order_id);

CREATE TABLE order_history (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    state_id    INTEGER NOT NULL REFERENCES order_state(id),
    employee_id INTEGER REFERENCES employee(id),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX order_history_by_order ON order_history(order_id);

CREATE TABLE order_cart_rule (
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    cart_rule_id INTEGER REFERENCES cart_rule(id),
    name         TEXT NOT NULL,
    value_cents  INTEGER NOT NULL,
    free_shipping INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE order_return (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    state       TEXT NOT NULL DEFAULT 'requested'
                CHECK (state IN ('requested', 'accepted', 'received', 'refunded', 'refused')),
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE order_return_line (
    return_id     INTEGER NOT NULL REFERENCES order_return(id) ON DELETE CASCADE,
    order_line_id INTEGER NOT NULL REFERENCES order_line(id),
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (return_id, order_line_id)
) STRICT;

CREATE TABLE credit_slip (
    id                 INTEGER PRIMARY KEY,
    order_id           INTEGER NOT NULL REFERENCES orders(id),
    amount_cents       INTEGER NOT NULL,      -- TTC, products
    shipping_cents     INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL
) STRICT;

-- Messages the shop "sends" to customers (order status changes, replies). Never sent outside:
-- the examiner reads them here.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customer(id),
    email       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- reviews and customer service
CREATE TABLE product_review (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customer(id),
    author_name TEXT NOT NULL,
    title       TEXT NOT NULL,
    content     TEXT NOT NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    reply       TEXT NOT NULL DEFAULT '',
    reply_at    TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX product_review_by_product ON product_review(product_id);

-- Customer-service contacts ("Service client", "Webmaster").
CREATE TABLE contact (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE customer_thread (
    id                   INTEGER PRIMARY KEY,
    contact_id           INTEGER NOT NULL REFERENCES contact(id),
    customer_id          INTEGER REFERENCES customer(id),
    order_id             INTEGER REFERENCES orders(id),
    product_id           INTEGER REFERENCES product(id),
    email                TEXT NOT NULL,
    subject              TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'pending1', 'pending2')),
    assigned_employee_id INTEGER REFERENCES employee(id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;

CREATE TABLE customer_message (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES customer_thread(id) ON DELETE CASCADE,
    employee_id INTEGER REFERENCES employee(id),     -- NULL: written by the customer
    message     TEXT NOT NULL,
    private     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- content (blog and pages)
CREATE TABLE term (
    id          INTEGER PRIMARY KEY,
    taxonomy    TEXT NOT NULL CHECK (taxonomy IN ('category', 'tag')),
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES term(id),
    UNIQUE (taxonomy, slug)
) STRICT;

-- Articles (kind 'post') and pages (kind 'page'); the body is a list of editor blocks (JSON).
CREATE TABLE post (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('post', 'page')),
    title            TEXT NOT NULL,
    slug             TEXT NOT NULL,
    excerpt          TEXT NOT NULL DEFAULT '',
    blocks           TEXT NOT NULL DEFAULT '[]',
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'publish', 'future', 'private', 'trash')),
    published_at     TEXT,
    author_id        INTEGER REFERENCES employee(id),
    sticky           INTEGER NOT NULL DEFAULT 0,
    featured_media_id INTEGER REFERENCES media(id),
    comment_status   TEXT NOT NULL DEFAULT 'open' CHECK (comment_status IN ('open', 'closed')),
    parent_id        INTEGER REFERENCES post(id),
    menu_order       INTEGER NOT NULL DEFAULT 0,
    meta_title       TEXT NOT NULL DEFAULT '',
    meta_description TEXT NOT NULL DEFAULT '',
    focus_keyword    TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (kind, slug)
) STRICT;

CREATE TABLE post_term (
    post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    term_id INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, term_id)
) STRICT;

CREATE TABLE post_revision (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    blocks     TEXT NOT NULL,
    author_id  INTEGER REFERENCES employee(id),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE comment (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comment(id),
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL DEFAULT '',
    employee_id  INTEGER REFERENCES employee(id),
    content      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    created_at   TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- appearance
CREATE TABLE menu (
    id       INTEGER PRIMARY KEY,
    location TEXT NOT NULL UNIQUE,     -- 'main', 'footer'
    name     TEXT NOT NULL
) STRICT;

CREATE TABLE menu_item (
    id        INTEGER PRIMARY KEY,
    menu_id   INTEGER NOT NULL REFERENCES menu(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES menu_item(id) ON DELETE CASCADE,
    label     TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('page', 'post', 'category', 'product', 'blog', 'home', 'contact', 'custom')),
    target_id INTEGER,                  -- id of the page/post/category/product
    url       TEXT NOT NULL DEFAULT '', -- for 'custom'
    position  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Home-page blocks and other modules: carousel slides, reassurance items, custom text,
-- footer link columns.
CREATE TABLE home_block (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('slide', 'reassurance', 'custom_text', 'footer_link')),
    title    TEXT NOT NULL DEFAULT '',
    body     TEXT NOT NULL DEFAULT '',
    link     TEXT NOT NULL DEFAULT '',
    media_id INTEGER REFERENCES media(id),
    icon     TEXT NOT NULL DEFAULT '',   -- reassurance icon name: truck, return, lock, phone, leaf, gift
    column_title TEXT NOT NULL DEFAULT '', -- footer_link: the column it belongs to
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE newsletter_subscriber (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL DEFAULT 'footer',
    created_at TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- analytics
-- Daily traffic by source and device. Orders are not stored here: they are counted from
-- `orders` (created_at day, source, device), so the conversion rate always agrees with them.
-- carts_abandoned = carts_created - carts that became an order that day.
CREATE TABLE traffic_daily (
    day             TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('direct', 'organic', 'social', 'email', 'referral', 'paid')),
    device          TEXT NOT NULL CHECK (device IN ('desktop', 'mobile', 'tablet')),
    sessions        INTEGER NOT NULL CHECK (sessions >= 0),
    visitors        INTEGER NOT NULL CHECK (visitors >= 0),
    new_visitors    INTEGER NOT NULL CHECK (new_visitors >= 0),
    page_views      INTEGER NOT NULL CHECK (page_views >= 0),
    bounces         INTEGER NOT NULL CHECK (bounces >= 0),
    carts_created   INTEGER NOT NULL CHECK (carts_created >= 0),
    carts_abandoned INTEGER NOT NULL CHECK (carts_abandoned >= 0),
    PRIMARY KEY (day, source, device),
    CHECK (visitors <= sessions AND new_visitors <= visitors AND carts_abandoned <= carts_created)
) STRICT;

CREATE TABLE search_log (
    id         INTEGER PRIMARY KEY,
    query      TEXT NOT NULL,
    results    INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- journal
-- Every write made through the command layer, in the same transaction as the write.
CREATE TABLE journal (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('visitor', 'customer', 'employee', 'system')),
    actor_id    INTEGER,
    actor_label TEXT NOT NULL,
    entity      TEXT NOT NULL,      -- 'order', 'cart', 'product', 'post', ...
    entity_id   INTEGER,
    action      TEXT NOT NULL,      -- 'create', 'update', 'delete', 'publish', ...
    summary     TEXT NOT NULL,      -- French, for the examiner
    before      TEXT,               -- JSON summary of the entity before, when it existed
    after       TEXT                -- JSON summary after, when it still exists
) STRICT;
