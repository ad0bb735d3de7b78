-- Shop set-up screens of the back-office: carriers (zones served, handling costs, maximum
-- weight), zones that can be switched off, order statuses (e-mail text, invoice, hidden),
-- predefined replies of the customer service, categories hidden from customer groups.
--
-- Relations are stored as exclusions: the reference sources are loaded after the migrations,
-- so by default (no row) every carrier serves every zone and every group sees every category.

ALTER TABLE zone ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

ALTER TABLE carrier ADD COLUMN handling_cents INTEGER NOT NULL DEFAULT 0;   -- TTC, added to the range price
ALTER TABLE carrier ADD COLUMN max_weight_grams INTEGER NOT NULL DEFAULT 0; -- 0: no limit

-- Zones a carrier does not deliver to.
CREATE TABLE carrier_zone_excluded (
    carrier_id INTEGER NOT NULL REFERENCES carrier(id) ON DELETE CASCADE,
    zone_id    INTEGER NOT NULL REFERENCES zone(id) ON DELETE CASCADE,
    PRIMARY KEY (carrier_id, zone_id)
) STRICT;

ALTER TABLE order_state ADD COLUMN invoice INTEGER;                       -- NULL: same as `paid`
ALTER TABLE order_state ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;     -- not shown to the customer
ALTER TABLE order_state ADD COLUMN email_subject TEXT NOT NULL DEFAULT ''; -- '': the standard text
ALTER TABLE order_state ADD COLUMN email_body TEXT NOT NULL DEFAULT '';

-- SAV › Réponses prédéfinies ("messages prédéfinis" of PrestaShop).
CREATE TABLE predefined_reply (
    id       INTEGER PRIMARY KEY,
    title    TEXT NOT NULL UNIQUE,
    body     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO predefined_reply (id, title, body, position) VALUES
(1, 'Délai de livraison', 'Bonjour,

Merci pour votre message. Votre commande a bien été expédiée : vous la recevrez sous 48 à 72 heures. Vous pouvez suivre son acheminement depuis votre compte client.

Bien cordialement,
Le service client des Toiles de Loire', 1),
(2, 'Retour produit', 'Bonjour,

Nous sommes désolés que l''article ne vous convienne pas. Vous disposez de 30 jours pour nous le retourner : faites la demande depuis votre compte, rubrique « Retours produits », et nous vous rembourserons dès réception.

Bien cordialement,
Le service client des Toiles de Loire', 2),
(3, 'Remerciement', 'Bonjour,

Merci beaucoup pour votre message et votre confiance. Toute l''équipe de l''atelier de Cholet est ravie que nos créations vous plaisent.

À très bientôt,
Le service client des Toiles de Loire', 3);

-- Categories (and so their products, by default category) a group's members do not see.
CREATE TABLE customer_group_hidden_category (
    group_id    INTEGER NOT NULL REFERENCES customer_group(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, category_id)
) STRICT;
