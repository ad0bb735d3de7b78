#!/usr/bin/env python3
"""Check the reference sources of reference-site/ against the schema of migrations/shop/.

Loads every CSV (and the Markdown posts/pages) into an in-memory SQLite database with foreign keys on,
then verifies the business consistency rules. Prints OK, or the list of errors (exit code 1).

Cell convention (same as the loader): an empty cell is NULL, except in a NOT NULL column that has a default,
where it takes that default (e.g. '' for texts); `media.csv` has no mime/data columns; `employee.csv` and
`customer.csv` have a plain-text `password` column instead of `password_hash`.
"""
import csv
import datetime as dt
import re
import sqlite3
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "reference-site"
DATA = SITE / "data"
ERRORS = []

ORDER = ["media", "profile", "profile_permission", "employee", "tax_rule", "category", "brand", "product",
         "product_category", "product_media", "attribute_group", "attribute", "combination", "combination_attribute",
         "feature", "product_feature", "pack_item", "product_accessory", "customization_field", "search_alias",
         "customer_group", "customer", "customer_group_member", "address", "zone", "country", "carrier",
         "carrier_range", "specific_price", "catalog_rule", "cart_rule", "cart_rule_restriction", "order_state",
         "orders", "order_line", "order_history", "order_cart_rule", "order_return", "order_return_line",
         "credit_slip", "product_review", "contact", "customer_thread", "customer_message", "term", "comment",
         "menu", "menu_item", "home_block", "newsletter_subscriber", "traffic_daily", "search_log"]
SETTINGS = ["shop.name", "shop.slogan", "shop.description", "shop.activity", "shop.history", "shop.values",
            "shop.founded", "shop.email", "shop.phone", "shop.address", "shop.postcode", "shop.city", "shop.country",
            "shop.legal_form", "shop.capital", "shop.siret", "shop.rcs", "shop.vat_number", "shop.director",
            "shop.host", "color.primary", "color.accent", "color.background", "color.text", "logo.media_id",
            "icon.media_id", "social.facebook", "social.instagram", "social.pinterest", "social.linkedin",
            "shipping.free_threshold_cents", "reading.posts_per_page", "discussion.manual_approval",
            "reviews.manual_approval", "payment.cheque_payee", "payment.cheque_address", "payment.transfer_owner",
            "payment.transfer_iban", "payment.transfer_bic", "payment.transfer_bank"]
START, END = "2025-11-01", "2026-10-31"
CUTOFF = "2026-10-31 23:59:59"
TS = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def err(msg):
    ERRORS.append(msg)


def load(db):
    present = {p.stem for p in DATA.glob("*.csv")}
    for extra in sorted(present - set(ORDER)):
        err(f"data/{extra}.csv: table not expected")
    for t in ORDER:
        if t not in present:
            err(f"data/{t}.csv: missing")
            continue
        cols = {r[1]: r for r in db.execute(f"PRAGMA table_info({t})")}  # cid, name, type, notnull, dflt, pk
        with open(DATA / f"{t}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        names = []
        for h in header:
            if t in ("employee", "customer") and h == "password":
                names.append("password_hash")
            elif h not in cols or (t == "media" and h in ("mime", "data")) or \
                    (t in ("employee", "customer") and h == "password_hash"):
                err(f"data/{t}.csv: unexpected column {h!r}")
                names.append(None)
            else:
                names.append(h)
        for c, (_, name, typ, notnull, dflt, pk) in cols.items():
            if notnull and dflt is None and not pk and c not in names and not (t == "media" and c in ("mime", "data")):
                err(f"data/{t}.csv: required column {c!r} missing")
            if pk == 1 and typ == "INTEGER" and c == "id" and c not in names:
                err(f"data/{t}.csv: explicit ids required")
        for n, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                err(f"data/{t}.csv:{n}: {len(row)} cells, {len(header)} expected")
                continue
            ins_cols, vals = [], []
            for h, v in zip(names, row):
                if h is None:
                    continue
                _, _, typ, notnull, dflt, pk = cols[h]
                if h == "password_hash":
                    v = None if v == "" else "plain:" + v
                elif v == "":
                    if notnull and dflt is not None:
                        continue
                    v = None
                elif typ == "INTEGER":
                    try:
                        v = int(v)
                    except ValueError:
                        err(f"data/{t}.csv:{n}: {h}={v!r} is not an integer")
                        continue
                elif typ == "REAL":
                    try:
                        v = float(v)
                    except ValueError:
                        err(f"data/{t}.csv:{n}: {h}={v!r} is not a number")
                        continue
                if isinstance(v, str) and (h.endswith("_at") or h in ("day",)) and v is not None:
                    if h.endswith("_at") and not TS.match(v):
                        err(f"data/{t}.csv:{n}: {h}={v!r} is not 'YYYY-MM-DD HH:MM:SS'")
                ins_cols.append(h)
                vals.append(v)
            if t == "media":
                ins_cols += ["mime", "data"]
                vals += ["image/svg+xml", b""]
            try:
                db.execute(f"INSERT INTO {t} ({', '.join(ins_cols)}) VALUES ({', '.join('?' * len(vals))})", vals)
            except sqlite3.Error as e:
                err(f"data/{t}.csv:{n}: {e}")
        if t == "term":
            load_posts(db)


MD_LINE = [re.compile(p) for p in (r"^$", r"^#{2,3} \S.*$", r"^- \S.*$", r"^\d+\. \S.*$", r"^> \S.*$",
                                     r'^!\[[^\]]*\]\(media:\d+( "[^"]*")?\)$', r"^[^#>\-!\s|<].*$")]


def load_posts(db):
    files = [(k, p) for k, sub in (("page", "pages"), ("post", "posts")) for p in (SITE / "content" / sub).glob("*.md")]
    files.sort(key=lambda kp: int(re.search(r"^id = (\d+)", kp[1].read_text(encoding="utf-8"), re.M).group(1)))
    if True:
        for kind, p in files:
            txt = p.read_text(encoding="utf-8")
            m = re.match(r"^\+\+\+\n(.*?)\n\+\+\+\n(.*)$", txt, re.S)
            if not m:
                err(f"{p.relative_to(SITE)}: no +++ front matter")
                continue
            try:
                fm = tomllib.loads(m.group(1))
            except tomllib.TOMLDecodeError as e:
                err(f"{p.relative_to(SITE)}: front matter: {e}")
                continue
            body = m.group(2)
            rel = p.relative_to(SITE)
            if fm.get("slug") != p.stem:
                err(f"{rel}: slug {fm.get('slug')!r} differs from file name")
            if kind == "page" and not 1 <= fm["id"] <= 20:
                err(f"{rel}: page ids are 1-20")
            if kind == "post" and fm["id"] < 21:
                err(f"{rel}: post ids start at 21")
            md = fm.get("meta_description")
            if md and not 120 <= len(md) <= 160:
                err(f"{rel}: meta_description is {len(md)} characters (120-160)")
            for ln, line in enumerate(body.split("\n"), start=1):
                if not any(r.match(line) for r in MD_LINE):
                    err(f"{rel}: body line {ln} outside the Markdown subset: {line[:60]!r}")
            for mid in re.findall(r"\(media:(\d+)", body):
                if not db.execute("SELECT 1 FROM media WHERE id=?", (int(mid),)).fetchone():
                    err(f"{rel}: media {mid} does not exist")
            for link in re.findall(r"\]\((/[^)]*)\)", body):
                check_link(db, link, str(rel))
            if kind == "post":
                words = len(re.findall(r"\w+", body))
                if fm["status"] == "publish" and not 250 <= words <= 650:
                    err(f"{rel}: {words} words (250-600 expected)")
            try:
                db.execute("INSERT INTO post (id, kind, title, slug, excerpt, blocks, status, published_at, author_id, "
                           "sticky, featured_media_id, comment_status, parent_id, menu_order, meta_title, "
                           "meta_description, focus_keyword, created_at, updated_at) "
                           "VALUES (?,?,?,?,?,'[]',?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           (fm["id"], kind, fm["title"], fm["slug"], fm.get("excerpt", ""), fm["status"],
                            fm["published_at"], fm["author_id"], int(fm.get("sticky", False)),
                            fm.get("featured_media_id"), fm.get("comment_status", "open"), fm.get("parent_id"),
                            fm.get("menu_order", 0), fm.get("meta_title", ""), fm.get("meta_description", ""),
                            fm.get("focus_keyword", ""), fm["published_at"], fm["published_at"]))
                for term in fm.get("terms", []):
                    tax, slug = term.split(":", 1)
                    r = db.execute("SELECT id FROM term WHERE taxonomy=? AND slug=?", (tax, slug)).fetchone()
                    if not r:
                        err(f"{rel}: unknown term {term}")
                    else:
                        db.execute("INSERT INTO post_term VALUES (?,?)", (fm["id"], r[0]))
            except (sqlite3.Error, KeyError) as e:
                err(f"{rel}: {e!r}")


def check_link(db, link, where):
    m = re.match(r"^/(categorie|produit|blog|page)/([a-z0-9-]+)$", link)
    if link in ("/blog", "/"):
        return
    if not m:
        err(f"{where}: unknown link form {link}")
        return
    kind, slug = m.groups()
    q = {"categorie": "SELECT 1 FROM category WHERE slug=?", "produit": "SELECT 1 FROM product WHERE slug=?",
         "blog": "SELECT 1 FROM post WHERE kind='post' AND slug=?", "page": "SELECT 1 FROM post WHERE kind='page' AND slug=?"}[kind]
    if kind in ("blog", "page"):
        f = SITE / "content" / ("posts" if kind == "blog" else "pages") / f"{slug}.md"
        if not f.exists():
            err(f"{where}: link {link} does not resolve")
        return
    if not db.execute(q, (slug,)).fetchone():
        err(f"{where}: link {link} does not resolve")


def one(db, sql, *a):
    return db.execute(sql, a).fetchone()[0]


def rules(db):
    # ---- settings
    try:
        ctx = tomllib.loads((SITE / "context.toml").read_text(encoding="utf-8"))
        s = ctx["settings"]
        for k in SETTINGS:
            if k not in s:
                err(f"context.toml: setting {k} missing")
        for k, v in s.items():
            if not isinstance(v, str):
                err(f"context.toml: setting {k} is not a string")
        for k in ("logo.media_id", "icon.media_id"):
            if not db.execute("SELECT 1 FROM media WHERE id=?", (int(s[k]),)).fetchone():
                err(f"context.toml: {k} does not exist")
        c = ctx["context"]
        if c.get("id") != "toiles-de-loire" or c.get("schema_version") != 1:
            err("context.toml: [context] id/schema_version")
        if len(s["shop.siret"]) != 14 or not s["shop.siret"].isdigit():
            err("context.toml: SIRET must be 14 digits")
    except Exception as e:  # noqa: BLE001
        err(f"context.toml: {e!r}")
    # ---- media files
    for mid, f in db.execute("SELECT id, file FROM media"):
        p = SITE / "media" / f
        if not p.exists():
            err(f"media {mid}: file {f} missing")
            continue
        b = p.read_bytes()
        t = b.decode("utf-8", "replace")
        if len(b) >= 6144:
            err(f"media {f}: {len(b)} bytes (< 6 KB)")
        if "<script" in t or "@font-face" in t or "<image" in t or re.search(r'(href|src)="(http|//)', t):
            err(f"media {f}: external reference, font or script")
    # ---- catalogue
    for pid, ref, ht, qty, ncomb in db.execute(
            "SELECT p.id, p.reference, p.price_ht_cents, p.quantity, (SELECT count(*) FROM combination c WHERE c.product_id=p.id) FROM product p"):
        ttc = (ht * 12 + 5) // 10
        if ttc % 10:
            err(f"product {ref}: TTC price {ttc} is not a round figure")
        if ncomb:
            if qty != 0:
                err(f"product {ref}: has combinations, quantity must be 0")
            if one(db, "SELECT count(*) FROM combination WHERE product_id=? AND is_default=1", pid) != 1:
                err(f"product {ref}: exactly one default combination expected")
    for (ref,) in db.execute("SELECT reference FROM product p WHERE NOT EXISTS (SELECT 1 FROM product_category pc WHERE pc.product_id=p.id AND pc.category_id=p.category_id)"):
        err(f"product {ref}: default category missing from product_category")
    for (ref,) in db.execute("SELECT reference FROM product p WHERE cover_media_id IS NULL OR NOT EXISTS (SELECT 1 FROM product_media m WHERE m.product_id=p.id AND m.media_id=p.cover_media_id)"):
        err(f"product {ref}: cover not in product_media")
    if one(db, "SELECT count(*) FROM product WHERE featured=1") != 8:
        err("8 featured products expected")
    for (ref,) in db.execute("SELECT reference FROM product WHERE is_pack=1 AND id NOT IN (SELECT pack_id FROM pack_item)"):
        err(f"pack {ref} has no items")
    # ---- customers
    if one(db, "SELECT count(*) FROM customer WHERE password_hash IS NOT NULL") != 2:
        err("exactly 2 customers with a password expected")
    for (cid,) in db.execute("SELECT id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM customer_group_member m WHERE m.customer_id=c.id AND m.group_id=c.default_group_id)"):
        err(f"customer {cid}: not member of its default group")
    for (cid,) in db.execute("SELECT id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM address a WHERE a.customer_id=c.id)"):
        err(f"customer {cid}: no address")
    # ---- orders
    zone = {}
    # Zones that claim French postcodes by prefix (Corse: "20"), the longest prefix first.
    by_prefix = sorted(((p, zid) for zid, ps in db.execute("SELECT id, postcode_prefixes FROM zone")
                        for p in ps.split(",") if p), key=lambda x: -len(x[0]))
    for aid, pc, country in db.execute("SELECT id, postcode, country FROM address"):
        z = db.execute("SELECT zone_id FROM country WHERE name=?", (country,)).fetchone()
        if not z:
            err(f"address {aid}: unknown country {country}")
            continue
        claimed = next((zid for p, zid in by_prefix if pc.startswith(p)), None) if country == "France" else None
        zone[aid] = claimed or z[0]
    ranges = {}
    for car, z, lo, hi, pr in db.execute("SELECT carrier_id, zone_id, range_min, range_max, price_cents FROM carrier_range"):
        ranges.setdefault((car, z), []).append((lo, hi, pr))
    free_carrier = {c: f for c, f in db.execute("SELECT id, is_free FROM carrier")}
    paid_states = {i for (i,) in db.execute("SELECT id FROM order_state WHERE paid=1")}
    invoices = []
    for o in db.execute("SELECT id, reference, customer_id, delivery_address_id, invoice_address_id, carrier_id, state_id, "
                        "total_products_ht_cents, total_products_cents, total_discounts_cents, total_shipping_cents, "
                        "total_paid_cents, invoice_number, created_at FROM orders").fetchall():
        (oid, ref, cust, dlv, inv, car, state, tpht, tp, disc, ship, paid, invno, created) = o
        if not (START <= created[:10] <= END):
            err(f"order {ref}: created_at {created} outside the history")
        for a in (dlv, inv):
            if one(db, "SELECT customer_id FROM address WHERE id=?", a) != cust:
                err(f"order {ref}: address {a} belongs to another customer")
        ls = db.execute("SELECT l.quantity, l.unit_price_ht_cents, l.unit_price_cents, l.tax_rate, p.weight_grams, "
                        "l.product_name, p.name, l.product_reference FROM order_line l JOIN product p ON p.id=l.product_id "
                        "WHERE l.order_id=?", (oid,)).fetchall()
        if not 1 <= len(ls) <= 4:
            err(f"order {ref}: {len(ls)} lines")
        if sum(q * u for q, _, u, *_ in ls) != tp:
            err(f"order {ref}: total_products_cents != sum of lines")
        if sum(q * h for q, h, *_ in ls) != tpht:
            err(f"order {ref}: total_products_ht_cents != sum of lines")
        for q, h, u, rate, w, lname, pname, lref in ls:
            if rate != 20.0 or abs((h * 12 + 5) // 10 - u) > 1:
                err(f"order {ref}: line {lname}: HT {h} / TTC {u} / rate {rate} inconsistent")
            if not lname.startswith(pname):
                err(f"order {ref}: line name {lname!r} is not the product name")
        d = one(db, "SELECT coalesce(sum(value_cents), 0) FROM order_cart_rule WHERE order_id=?", oid)
        if d != disc:
            err(f"order {ref}: total_discounts_cents {disc} != cart rules {d}")
        fs = one(db, "SELECT count(*) FROM order_cart_rule WHERE order_id=? AND free_shipping=1", oid)
        weight = sum(q * w for q, _, _, _, w, *_ in ls) + 150
        if tp - disc >= 6900 or free_carrier[car] or fs:
            expected = 0
        else:
            expected = next((pr for lo, hi, pr in ranges.get((car, zone.get(dlv)), []) if lo <= weight < hi), None)
        if expected is None:
            err(f"order {ref}: carrier {car} does not serve zone {zone.get(dlv)} for {weight} g")
        elif ship != expected:
            err(f"order {ref}: shipping {ship} != {expected} (carrier {car}, zone {zone.get(dlv)}, {weight} g)")
        if paid != tp - disc + ship:
            err(f"order {ref}: total_paid_cents != products - discounts + shipping")
        hist = db.execute("SELECT state_id, created_at FROM order_history WHERE order_id=? ORDER BY created_at, id", (oid,)).fetchall()
        if not hist:
            err(f"order {ref}: no history")
            continue
        if hist[-1][0] != state:
            err(f"order {ref}: state {state} but last history state {hist[-1][0]}")
        if hist[0][1] < created or hist[-1][1] > CUTOFF:
            err(f"order {ref}: history outside [created_at, {CUTOFF}]")
        was_paid = any(s in paid_states for s, _ in hist)
        if was_paid != (invno is not None):
            err(f"order {ref}: invoice_number {invno} but paid={was_paid}")
        if invno is not None:
            invoices.append(invno)
    if sorted(invoices) != list(range(1, len(invoices) + 1)):
        err("invoice numbers are not a sequence 1..N")
    # ---- returns and credit slips
    for lid, ref, q, qret, qref in db.execute(
            "SELECT l.id, o.reference, l.quantity, l.quantity_returned, l.quantity_refunded FROM order_line l JOIN orders o ON o.id=l.order_id"):
        r = one(db, "SELECT coalesce(sum(rl.quantity),0) FROM order_return_line rl JOIN order_return r ON r.id=rl.return_id "
                    "WHERE rl.order_line_id=? AND r.state IN ('received','refunded')", lid)
        if qret != r:
            err(f"order {ref}: line {lid} quantity_returned {qret} != received returns {r}")
        if not (0 <= qref <= q and qret <= q):
            err(f"order {ref}: line {lid} returned/refunded quantities out of range")
    for oid, ref, state in db.execute("SELECT id, reference, state_id FROM orders").fetchall():
        slips = one(db, "SELECT coalesce(sum(amount_cents),0) FROM credit_slip WHERE order_id=?", oid)
        refunded = one(db, "SELECT coalesce(sum(unit_price_cents*quantity_refunded),0) FROM order_line WHERE order_id=?", oid)
        if slips != refunded:
            err(f"order {ref}: credit slips {slips} != refunded lines {refunded}")
        if state == 8 and not slips:
            err(f"order {ref}: refunded without credit slip")
    for rid, oid, state in db.execute("SELECT id, order_id, state FROM order_return"):
        if not one(db, "SELECT count(*) FROM order_return_line WHERE return_id=?", rid):
            err(f"return {rid}: no lines")
        for lid, in db.execute("SELECT order_line_id FROM order_return_line WHERE return_id=?", (rid,)).fetchall():
            if one(db, "SELECT order_id FROM order_line WHERE id=?", lid) != oid:
                err(f"return {rid}: line {lid} from another order")
    # ---- reviews
    for rid, pid, cid in db.execute("SELECT id, product_id, customer_id FROM product_review"):
        if not one(db, "SELECT count(*) FROM order_line l JOIN orders o ON o.id=l.order_id WHERE l.product_id=? AND o.customer_id=?", pid, cid):
            err(f"review {rid}: customer {cid} never ordered product {pid}")
    # ---- customer service
    for tid, cid, oid in db.execute("SELECT id, customer_id, order_id FROM customer_thread"):
        if not one(db, "SELECT count(*) FROM customer_message WHERE thread_id=?", tid):
            err(f"thread {tid}: no message")
        if oid and one(db, "SELECT customer_id FROM orders WHERE id=?", oid) != cid:
            err(f"thread {tid}: order of another customer")
    # ---- comments
    for cid, pid, parent, eid in db.execute("SELECT id, post_id, parent_id, employee_id FROM comment"):
        k, st = db.execute("SELECT kind, status FROM post WHERE id=?", (pid,)).fetchone()
        if k != "post" or st != "publish":
            err(f"comment {cid}: on a non-published post")
        if parent and one(db, "SELECT post_id FROM comment WHERE id=?", parent) != pid:
            err(f"comment {cid}: parent on another post")
    # ---- menus and home
    for iid, kind, target in db.execute("SELECT id, kind, target_id FROM menu_item"):
        table = {"category": "category", "product": "product", "page": "post", "post": "post"}.get(kind)
        if table and not db.execute(f"SELECT 1 FROM {table} WHERE id=?", (target,)).fetchone():
            err(f"menu_item {iid}: target {kind} {target} missing")
    for hid, link in db.execute("SELECT id, link FROM home_block WHERE link<>''"):
        check_link(db, link, f"home_block {hid}")
    # ---- traffic
    n = one(db, "SELECT count(*) FROM traffic_daily")
    days = one(db, "SELECT count(DISTINCT day) FROM traffic_daily")
    if n != 365 * 18 or days != 365:
        err(f"traffic_daily: {n} rows over {days} days, 365 x 18 expected")
    oc = {}
    for day, src, dev, c in db.execute("SELECT substr(created_at,1,10), source, device, count(*) FROM orders GROUP BY 1,2,3"):
        oc[(day, src, dev)] = c
    tot = dict(sessions=0, visitors=0, new=0, pv=0, bounces=0, carts=0, aband=0)
    dev_s, dev_o, month_s, month_o = {}, {}, {}, {}
    for day, src, dev, s, v, nv, pv, b, cc, ca in db.execute("SELECT * FROM traffic_daily"):
        o = oc.pop((day, src, dev), 0)
        if cc < o or ca != cc - o:
            err(f"traffic {day} {src} {dev}: carts_created {cc}, abandoned {ca}, orders {o}")
        if b > s - cc:
            err(f"traffic {day} {src} {dev}: more bounces than sessions without cart")
        for k, x in zip(("sessions", "visitors", "new", "pv", "bounces", "carts", "aband"), (s, v, nv, pv, b, cc, ca)):
            tot[k] += x
        dev_s[dev] = dev_s.get(dev, 0) + s
        dev_o[dev] = dev_o.get(dev, 0) + o
        month_s[day[:7]] = month_s.get(day[:7], 0) + s
        month_o[day[:7]] = month_o.get(day[:7], 0) + o
    for k in oc:
        err(f"orders on {k} without traffic row")
    orders = one(db, "SELECT count(*) FROM orders")
    valid = one(db, "SELECT count(*) FROM orders o JOIN order_state s ON s.id=o.state_id WHERE s.cancelled=0 AND o.state_id<>9")
    basket = one(db, "SELECT avg(total_paid_cents) FROM orders o JOIN order_state s ON s.id=o.state_id WHERE s.cancelled=0 AND o.state_id<>9") / 100
    conv = orders / tot["sessions"] * 100
    aband = tot["aband"] / tot["carts"] * 100
    bounce = tot["bounces"] / tot["sessions"] * 100
    pvs = tot["pv"] / tot["sessions"]
    newv = tot["new"] / tot["visitors"] * 100
    conv_dev = {d: dev_o[d] / dev_s[d] * 100 for d in dev_s}
    ms, mo = [month_s[k] for k in sorted(month_s)], [month_o[k] for k in sorted(month_o)]
    corr = pearson(ms, mo)
    repeat = one(db, "SELECT count(*) FROM (SELECT customer_id FROM orders GROUP BY 1 HAVING count(*)>1)") / \
        one(db, "SELECT count(DISTINCT customer_id) FROM orders") * 100
    revenue = one(db, "SELECT sum(total_paid_cents) FROM orders o JOIN order_state s ON s.id=o.state_id WHERE s.cancelled=0 AND o.state_id<>9") / 100
    for name, val, lo, hi in (("conversion rate", conv, 1.2, 1.8), ("cart abandonment", aband, 65, 75),
                              ("bounce rate", bounce, 40, 55), ("pages per session", pvs, 3, 5),
                              ("new visitors share", newv, 60, 80), ("average basket", basket, 55, 75),
                              ("monthly sessions/orders correlation", corr, 0.8, 1.0),
                              ("returning customers share", repeat, 28, 45)):
        if not lo <= val <= hi:
            err(f"yearly {name} = {val:.2f}, expected {lo}-{hi}")
    if not conv_dev["mobile"] < conv_dev["desktop"]:
        err("mobile conversion should be lower than desktop")
    cancelled = one(db, "SELECT count(*) FROM orders WHERE state_id=7") / orders * 100
    # ---- volumes
    mins = dict(product=48, category=7, customer=160, orders=450, product_review=70, customer_thread=14, comment=30,
                newsletter_subscriber=60, search_log=150, employee=6, order_return=5, cart_rule=4)
    for t, m in mins.items():
        c = one(db, f"SELECT count(*) FROM {t}")
        if c < m:
            err(f"{t}: {c} rows, at least {m} expected")
    if one(db, "SELECT count(DISTINCT product_id) FROM combination") < 10:
        err("at least 10 products with combinations expected")
    if not 20 <= one(db, "SELECT count(DISTINCT order_id) FROM order_cart_rule") <= 30:
        err("20-30 orders with cart rules expected")
    if one(db, "SELECT count(*) FROM post WHERE kind='post'") < 14:
        err("at least 14 posts expected")
    return dict(sessions=tot["sessions"], orders=orders, valid=valid, conv=conv, basket=basket, aband=aband,
                bounce=bounce, pvs=pvs, newv=newv, conv_dev=conv_dev, corr=corr, repeat=repeat, revenue=revenue,
                cancelled=cancelled)


def pearson(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a) ** .5
    vb = sum((y - mb) ** 2 for y in b) ** .5
    return cov / (va * vb)


def main():
    db = sqlite3.connect(":memory:")
    # Every shop migration, in order: the sources load into the schema the platform builds.
    for migration in sorted((ROOT / "migrations" / "shop").glob("*.sql")):
        db.executescript(migration.read_text(encoding="utf-8"))
    db.execute("PRAGMA foreign_keys=ON")
    load(db)
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    for row in fk[:20]:
        err(f"foreign key: {row}")
    figures = rules(db) if not any("missing" in e and e.startswith("data/") for e in ERRORS) else None
    if figures:
        f = figures
        print(f"Yearly figures 2025-11-01..2026-10-31: sessions {f['sessions']}, orders {f['orders']} "
              f"({f['valid']} not cancelled), conversion {f['conv']:.2f} % "
              f"(desktop {f['conv_dev']['desktop']:.2f} %, mobile {f['conv_dev']['mobile']:.2f} %, tablet {f['conv_dev']['tablet']:.2f} %), "
              f"average basket {f['basket']:.2f} EUR, revenue {f['revenue']:.0f} EUR TTC, cart abandonment {f['aband']:.1f} %, "
              f"bounce rate {f['bounce']:.1f} %, pages/session {f['pvs']:.2f}, new visitors {f['newv']:.1f} %, "
              f"returning customers {f['repeat']:.1f} %, cancelled {f['cancelled']:.1f} %, monthly correlation {f['corr']:.2f}")
    if ERRORS:
        for e in ERRORS[:200]:
            print("ERROR", e)
        print(f"{len(ERRORS)} error(s)")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
