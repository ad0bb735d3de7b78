-- Catalogue, issue 5: rich-text product texts and automatic gifts.

-- The product's description and summary as editor blocks (JSON, the same format as articles).
-- Empty: the plain text of `description` / `summary` is all there is (reference data, forms
-- saved without JavaScript). The plain-text columns are always kept in step: searches, SEO
-- analysis and subject checks read them.
ALTER TABLE product ADD COLUMN description_blocks TEXT NOT NULL DEFAULT '';
ALTER TABLE product ADD COLUMN summary_blocks TEXT NOT NULL DEFAULT '';

-- The gift of a cart rule, put in the cart while the rule applies (one unit, at 0 €). Kept
-- apart from `cart_line` so that a gift never merges with a paid line of the same product.
CREATE TABLE cart_gift (
    cart_id        INTEGER NOT NULL REFERENCES cart(id) ON DELETE CASCADE,
    cart_rule_id   INTEGER NOT NULL REFERENCES cart_rule(id) ON DELETE CASCADE,
    product_id     INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    combination_id INTEGER REFERENCES combination(id) ON DELETE SET NULL,
    PRIMARY KEY (cart_id, cart_rule_id)
) STRICT;
