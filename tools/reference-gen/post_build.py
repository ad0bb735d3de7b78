"""Second half of the generator: after-sales, reviews, customer service, content, appearance, analytics, settings."""
import datetime as dt
import json
import math

import content
import svgart
import texts

G = {}


def run(g, R, mids, products, ref_to_id, customers, addresses, orders, lines, ocr):
    G.update(g)
    ts, table, CUTOFF = g["ts"], g["table"], g["CUTOFF"]
    by_id = {o["id"]: o for o in orders}
    lines_of = {}
    for l in lines:
        lines_of.setdefault(l["order_id"], []).append(l)
    with_rule = {r[0] for r in ocr}

    def when(o, state):
        for s, t, e in o["_path"]:
            if s == state:
                return t
        return None

    # ---------------------------------------------------------- returns and refunds
    returns, rlines, slips = [], [], []
    used = set()

    def pick(cond):
        cands = [o for o in orders if o["id"] not in used and o["id"] not in with_rule and o["_zone"] == 1 and cond(o)]
        o = R.choice(cands)
        used.add(o["id"])
        return o

    for k, (state, scope, reason, window) in enumerate(texts.RETURNS, start=1):
        lo, hi = window
        o = pick(lambda o: o["state_id"] == 6 and lo <= when(o, 6).date() <= hi and
                 (scope == "full" or len(lines_of[o["id"]]) >= 2 or lines_of[o["id"]][0]["quantity"] >= 2))
        dlv = when(o, 6)
        created = dlv + dt.timedelta(days=R.randint(2, 9), hours=R.randint(1, 8))
        if state == "requested":
            created = min(created, CUTOFF - dt.timedelta(hours=R.randint(20, 60)))
        upd = created
        ol = lines_of[o["id"]] if scope == "full" else [lines_of[o["id"]][0]]
        qty = {l["id"]: (l["quantity"] if scope == "full" or len(lines_of[o["id"]]) >= 2 else 1) for l in ol}
        if state != "requested":
            upd = G["work_time"](created, 2, 30)
            if state in ("accepted", "received", "refunded"):
                o["_path"].append((10, upd, 4))
            if state in ("received", "refunded"):
                upd = G["work_time"](upd, 60, 120)
                for l in ol:
                    l["quantity_returned"] = qty[l["id"]]
            if state == "refunded":
                upd = G["work_time"](upd, 4, 30)
                o["_path"].append((8, upd, 2))
                amount = 0
                for l in ol:
                    l["quantity_refunded"] = qty[l["id"]]
                    amount += l["unit_price_cents"] * qty[l["id"]]
                slips.append([len(slips) + 1, o["id"], amount, o["total_shipping_cents"] if scope == "full" else 0, ts(upd)])
        assert upd <= CUTOFF, (state, upd)
        o["state_id"] = o["_path"][-1][0]
        returns.append([k, o["id"], state, reason, ts(created), ts(upd)])
        for l in ol:
            rlines.append([k, l["id"], qty[l["id"]]])
        o["_return"] = (k, state, reason)
    lost = []
    for _ in range(2):  # parcels lost by the carrier, refunded without return
        o = pick(lambda o: o["carrier_id"] == 1 and o["state_id"] == 6 and
                 dt.date(2026, 2, 1) <= o["_t"].date() <= dt.date(2026, 9, 30))
        shipped = when(o, 5)
        o["_path"] = [x for x in o["_path"] if x[0] != 6]
        t = G["work_time"](shipped, 24 * 12, 24 * 15)
        o["_path"].append((8, t, 2))
        o["state_id"] = 8
        for l in lines_of[o["id"]]:
            l["quantity_refunded"] = l["quantity"]
        slips.append([len(slips) + 1, o["id"], o["total_products_cents"] - o["total_discounts_cents"],
                      o["total_shipping_cents"], ts(t)])
        lost.append(o)
    slips.sort(key=lambda s: s[4])
    for k, s in enumerate(slips, start=1):
        s[0] = k

    # ---------------------------------------------------------- invoices and history
    paid = sorted((when(o, 3), o["id"]) for o in orders if when(o, 3))
    for k, (_, oid) in enumerate(paid, start=1):
        by_id[oid]["invoice_number"] = k
    hist = sorted((t, o["id"], s, e) for o in orders for s, t, e in o["_path"])
    table("order_history", ["id", "order_id", "state_id", "employee_id", "created_at"],
          [[k, oid, s, e, ts(t)] for k, (t, oid, s, e) in enumerate(hist, start=1)])
    ocols = ["id", "reference", "customer_id", "delivery_address_id", "invoice_address_id", "carrier_id", "payment",
             "state_id", "total_products_ht_cents", "total_products_cents", "total_discounts_cents",
             "total_shipping_cents", "total_paid_cents", "source", "device", "invoice_number", "customer_note",
             "created_at"]
    notes = texts.ORDER_NOTES[:]
    for o in orders:
        if R.random() < 0.05 and notes:
            o["customer_note"] = notes.pop(0)
    table("orders", ocols, [[o[c] for c in ocols] for o in orders])
    lcols = ["id", "order_id", "product_id", "combination_id", "product_name", "product_reference", "quantity",
             "unit_price_ht_cents", "unit_price_cents", "tax_rate", "quantity_returned", "quantity_refunded"]
    table("order_line", lcols, [[l[c] for c in lcols] for l in lines])
    table("order_cart_rule", ["order_id", "cart_rule_id", "name", "value_cents", "free_shipping"], ocr)
    table("order_return", ["id", "order_id", "state", "reason", "created_at", "updated_at"], returns)
    table("order_return_line", ["return_id", "order_line_id", "quantity"], rlines)
    table("credit_slip", ["id", "order_id", "amount_cents", "shipping_cents", "created_at"], slips)
    table("order_state", ["id", "name", "color", "paid", "shipped", "delivered", "cancelled", "refunded", "notify"], [
        [1, "En attente du paiement par chèque", "#4169E1", 0, 0, 0, 0, 0, 1],
        [2, "En attente de virement bancaire", "#4169E1", 0, 0, 0, 0, 0, 1],
        [3, "Paiement accepté", "#32CD32", 1, 0, 0, 0, 0, 1],
        [4, "En cours de préparation", "#FF8C00", 1, 0, 0, 0, 0, 1],
        [5, "Expédié", "#8A2BE2", 1, 1, 0, 0, 0, 1],
        [6, "Livré", "#108510", 1, 1, 1, 0, 0, 1],
        [7, "Annulé", "#DC143C", 0, 0, 0, 1, 0, 1],
        [8, "Remboursé", "#EC2E15", 1, 0, 0, 0, 1, 1],
        [9, "Erreur de paiement", "#8F0621", 0, 0, 0, 0, 0, 1],
        [10, "Retour accepté", "#B45F04", 1, 1, 1, 0, 0, 1]])

    # ---------------------------------------------------------- customers
    rng_days = (G["END"] - G["START"]).days
    n_orders = {}
    for o in orders:
        n_orders[o["customer_id"]] = n_orders.get(o["customer_id"], 0) + 1
    crow, members = [], []
    for c in customers:
        if c["created"] is None:
            c["created"] = dt.datetime.combine(G["START"] + dt.timedelta(days=R.randint(0, rng_days)),
                                               dt.time(R.randint(8, 22), R.randint(0, 59), R.randint(0, 59)))
        crow.append([c["id"], c["gender"], c["first_name"], c["last_name"], c["email"], c["password"], c["birthday"],
                     c["newsletter"], c["optin"], c["default_group_id"], c["is_guest"], c["active"], c["note"],
                     ts(c["created"])])
        members.append([c["id"], c["default_group_id"]])
        if c["pro"]:
            members.append([c["id"], 3])
        if n_orders.get(c["id"], 0) >= 4 and not c["pro"] and not c["is_guest"]:
            members.append([c["id"], 5])
    crow[-3][11] = 0  # one deactivated account (customer asked for deletion of marketing data)
    crow[-3][12] = "Compte désactivé à la demande de la cliente le 12/09/2026 (RGPD)."
    table("customer_group", ["id", "name", "reduction_percent", "price_display", "show_prices"], [
        [1, "Visiteur", 0.0, "TTC", 1], [2, "Invité", 0.0, "TTC", 1], [3, "Client", 0.0, "TTC", 1],
        [4, "Professionnels", 10.0, "HT", 1], [5, "Fidèles", 0.0, "TTC", 1]])
    table("customer", ["id", "gender", "first_name", "last_name", "email", "password", "birthday", "newsletter",
                       "optin", "default_group_id", "is_guest", "active", "note", "created_at"], crow)
    table("customer_group_member", ["customer_id", "group_id"], members)
    table("address", ["id", "customer_id", "alias", "first_name", "last_name", "company", "address1", "address2",
                      "postcode", "city", "country", "phone"], addresses)

    # ---------------------------------------------------------- prices
    table("specific_price", ["id", "product_id", "combination_id", "customer_group_id", "customer_id", "from_quantity",
                             "reduction_percent", "reduction_cents", "starts_at", "ends_at"],
          [[i, ref_to_id[r], None, None, None, 1, p, c, s, e] for i, r, p, c, s, e in G["SPECIFIC"]])
    table("catalog_rule", ["id", "name", "category_id", "brand_id", "customer_group_id", "from_quantity",
                           "reduction_percent", "reduction_cents", "starts_at", "ends_at", "active"],
          [[1, "Offre hôtellerie : -10 % sur le linge de bain", 6, None, 4, 1, 10.0, 0, "2026-11-01 00:00:00",
            "2027-03-31 23:59:59", 1]])
    crcols = ["id", "name", "code", "description", "starts_at", "ends_at", "active", "priority", "highlight",
              "minimum_amount_cents", "quantity", "quantity_per_customer", "combinable", "free_shipping",
              "reduction_percent", "reduction_cents", "created_at"]
    crrows = []
    for r in G["CART_RULES"]:
        r = dict(r, quantity=r["quantity"] - r["_uses"])
        crrows.append([r[c] for c in crcols])
    table("cart_rule", crcols, crrows)
    table("cart_rule_restriction", ["cart_rule_id", "kind", "target_id"],
          [[5, "group", 4], [2, "carrier", 1], [2, "carrier", 2], [2, "carrier", 4]])

    # ---------------------------------------------------------- reviews
    fam_of = {}
    for p in products:
        fam_of[p["id"]] = texts.family(p)
    pools = {f: list(v) for f, v in texts.REVIEWS.items()}
    negs = {f: list(v) for f, v in texts.NEG_REVIEWS.items()}
    cands = []
    for o in orders:
        d = when(o, 6)
        if d:
            for l in lines_of[o["id"]]:
                cands.append((d, o, l))
    R.shuffle(cands)
    reviews, seen = [], set()
    for d, o, l in cands:
        fam = fam_of[l["product_id"]]
        key = (l["product_id"], o["customer_id"])
        if key in seen:
            continue
        neg = R.random() < 0.16
        pool = negs if neg and negs.get(fam) else pools
        if not pool.get(fam):
            continue
        rating, title, txt = pool[fam].pop(0)
        created = d + dt.timedelta(days=R.randint(4, 30), hours=R.randint(0, 10))
        if created > CUTOFF:
            continue
        seen.add(key)
        c = customers[o["customer_id"] - 1]
        reviews.append(dict(product_id=l["product_id"], customer_id=c["id"],
                            author_name=f"{c['first_name']} {c['last_name'][0]}.", title=title, content=txt,
                            rating=rating, created=created))
    reviews.sort(key=lambda r: r["created"])
    rrows = []
    for k, r in enumerate(reviews, start=1):
        status = "approved"
        if k > len(reviews) - 10:
            status = "pending"
        reply, reply_at = "", None
        if r["rating"] <= 2 and status == "approved":
            reply = texts.REPLIES[len([x for x in rrows if x[8]]) % len(texts.REPLIES)]
            reply_at = ts(G["work_time"](r["created"], 3, 30))
        rrows.append([k, r["product_id"], r["customer_id"], r["author_name"], r["title"], r["content"], r["rating"],
                      status, reply, reply_at, ts(r["created"])])
    # two refused reviews (off-topic / insulting), written by real buyers
    for k, (title, txt, rating) in enumerate(texts.REFUSED_REVIEWS):
        d, o, l = cands[k * 7 + 3]
        c = customers[o["customer_id"] - 1]
        created = min(CUTOFF, d + dt.timedelta(days=6))
        rrows.append([len(rrows) + 1, l["product_id"], c["id"], f"{c['first_name']} {c['last_name'][0]}.", title, txt,
                      rating, "refused", "", None, ts(created)])
    # positive replies
    for row in rrows[5:60:17]:
        if not row[8] and row[7] == "approved":
            row[8] = "Merci beaucoup pour ce retour ! Toute l'équipe de l'atelier est ravie. — Thomas, service client"
            row[9] = ts(G["work_time"](dt.datetime.strptime(row[10], "%Y-%m-%d %H:%M:%S"), 4, 40))
    table("product_review", ["id", "product_id", "customer_id", "author_name", "title", "content", "rating", "status",
                             "reply", "reply_at", "created_at"], rrows)

    # ---------------------------------------------------------- customer service
    table("contact", ["id", "name", "email", "description"], [
        [1, "Service client", "contact@toiles-de-loire.fr", "Une question sur une commande, une livraison, un retour ou un produit ? Réponse sous 24 h ouvrées."],
        [2, "Webmaster", "webmaster@toiles-de-loire.fr", "Un problème technique sur le site (connexion, paiement, affichage) ?"],
        [3, "Service professionnels", "pro@toiles-de-loire.fr", "Hôtels, gîtes, chambres d'hôtes, crèches : devis, tarifs professionnels et commandes en volume."]])
    threads, msgs = [], []
    recent_shipped = [o for o in orders if o["state_id"] == 5]
    pending_pay = [o for o in orders if o["state_id"] in (1, 2)]
    delivered = [o for o in orders if o["state_id"] == 6 and o["id"] not in used]
    pro_orders = [o for o in delivered if customers[o["customer_id"] - 1]["pro"]]
    ret = {o["_return"][1]: o for o in orders if o.get("_return")}
    for k, th in enumerate(texts.THREADS, start=1):
        kind = th["kind"] or ""
        o, c, prod = None, None, None
        if kind == "late":
            o = recent_shipped.pop(0)
        elif kind == "lost":
            o = lost[0]
        elif kind == "pending":
            o = pending_pay.pop(0)
        elif kind == "pro":
            o = pro_orders.pop(R.randrange(len(pro_orders)))
        elif kind.startswith("return:"):
            o = ret[kind.split(":")[1]]
        elif kind == "delivered":
            o = delivered.pop(R.randrange(len(delivered)))
        elif kind == "demo":
            o = [x for x in orders if x["customer_id"] == 1][-1]
        if th.get("product"):
            prod = ref_to_id[th["product"]]
        if o:
            c = customers[o["customer_id"] - 1]
            start = max(o["_t"], when(o, 5) or o["_t"]) + dt.timedelta(days=th.get("after", 2))
            if kind in ("lost", "late"):
                start = when(o, 5) + dt.timedelta(days=th.get("after", 5))
            if kind == "pending":
                start = o["_t"] + dt.timedelta(days=1)
            if kind.startswith("return:"):
                start = dt.datetime.strptime(returns[o["_return"][0] - 1][4], "%Y-%m-%d %H:%M:%S") - dt.timedelta(days=1)
            if kind == "demo":
                start = o["_t"] + dt.timedelta(hours=20)
        else:
            c = customers[th["customer"] - 1] if th.get("customer") else None
            start = dt.datetime.strptime(th["date"], "%Y-%m-%d %H:%M:%S")
        start = min(start, CUTOFF - dt.timedelta(hours=30))
        email = c["email"] if c else th["email"]
        first = c["first_name"] if c else th.get("first", "")
        t = start
        mlist = []
        for who, private, text in th["messages"]:
            if mlist:
                t = G["work_time"](t, 1, 28) if who else t + dt.timedelta(hours=R.randint(3, 40))
            t = min(t, CUTOFF - dt.timedelta(minutes=5 * (len(th["messages"]) - len(mlist))))
            text = text.replace("{ref}", o["reference"] if o else "").replace("{first}", first)
            text = text.replace("{product}", products[prod - 1]["name"] if prod else "")
            if o:
                text = text.replace("{date}", o["_t"].strftime("%d/%m/%Y")).replace(
                    "{line}", lines_of[o["id"]][0]["product_name"])
            mlist.append([who, text, private, t])
        for who, text, private, t in mlist:
            msgs.append([None, k, who, text, private, ts(t)])
        threads.append([k, th["contact"], c["id"] if c else None, o["id"] if o else None, prod, email,
                        th["subject"], th["status"], th.get("assigned"), ts(start), ts(mlist[-1][3])])
    msgs.sort(key=lambda m: m[5])
    for k, m in enumerate(msgs, start=1):
        m[0] = k
    table("customer_thread", ["id", "contact_id", "customer_id", "order_id", "product_id", "email", "subject", "status",
                              "assigned_employee_id", "created_at", "updated_at"], threads)
    table("customer_message", ["id", "thread_id", "employee_id", "message", "private", "created_at"], msgs)

    # ---------------------------------------------------------- content
    G["content_built"] = build_content(R, mids, ref_to_id, products)

    # ---------------------------------------------------------- appearance
    table("menu", ["id", "location", "name"], [[1, "main", "Menu principal"], [2, "footer", "Menu de pied de page"]])
    items = [[1, 1, None, "Accueil", "home", None, "", 0]]
    pos = 1
    for cid, children in ((1, [2, 3, 4, 5]), (6, [7, 8]), (9, [10, 11, 12]), (13, [14, 15, 16]), (17, []), (18, []), (19, [])):
        name = next(c[2] for c in G["catalog"].CATEGORIES if c[0] == cid)
        iid = len(items) + 1
        items.append([iid, 1, None, name, "category", cid, "", pos])
        pos += 1
        for j, ch in enumerate(children):
            chn = next(c[2] for c in G["catalog"].CATEGORIES if c[0] == ch)
            items.append([len(items) + 1, 1, iid, chn, "category", ch, "", j])
    items.append([len(items) + 1, 1, None, "Le blog", "blog", None, "", pos])
    items.append([len(items) + 1, 1, None, "Qui sommes-nous ?", "page", 1, "", pos + 1])
    for j, (label, kind, target) in enumerate([("Livraison et retours", "page", 4), ("Conditions générales de vente", "page", 5),
                                               ("Mentions légales", "page", 6), ("Politique de confidentialité", "page", 7),
                                               ("FAQ", "page", 8), ("Guide des tailles", "page", 9),
                                               ("Nous contacter", "contact", None)]):
        items.append([len(items) + 1, 2, None, label, kind, target, "", j])
    table("menu_item", ["id", "menu_id", "parent_id", "label", "kind", "target_id", "url", "position"], items)
    hb = []
    for j, (title, body, link) in enumerate(texts.SLIDES):
        hb.append([len(hb) + 1, "slide", title, body, link, mids["slides"][j], "", "", j, 1])
    for j, (icon, title, body) in enumerate(texts.REASSURANCE):
        hb.append([len(hb) + 1, "reassurance", title, body, "", None, icon, "", j, 1])
    hb.append([len(hb) + 1, "custom_text", texts.CUSTOM_TEXT[0], texts.CUSTOM_TEXT[1], "/page/qui-sommes-nous",
               mids["scenes"]["atelier"], "", "", 0, 1])
    for j, (col, label, link) in enumerate(texts.FOOTER_LINKS):
        hb.append([len(hb) + 1, "footer_link", label, "", link, None, "", col, j, 1])
    table("home_block", ["id", "kind", "title", "body", "link", "media_id", "icon", "column_title", "position", "active"], hb)

    # ---------------------------------------------------------- newsletter
    subs = []
    for c in customers:
        if c["newsletter"] and c["active"]:
            src = "checkout" if n_orders.get(c["id"]) and R.random() < 0.5 else R.choice(["footer", "footer", "account"])
            subs.append([c["email"], src, ts(c["created"] + dt.timedelta(minutes=R.randint(1, 60 * 24 * 20)))])
    for k in range(24):
        fn = R.choice(G["people"].FEMALE + G["people"].MALE)
        ln = R.choice(G["people"].LAST)
        email = f"{G['fold'](fn)[0]}{G['fold'](ln).replace(' ', '')}{R.randint(1, 99)}@{R.choice(G['people'].DOMAINS)}"
        day = G["START"] + dt.timedelta(days=R.randint(0, rng_days))
        src = "salon-made-in-france" if k < 6 else R.choice(["footer", "popup", "jeu-concours-instagram"])
        if k < 6:
            day = dt.date(2025, 11, 9 + k % 3)
        subs.append([email, src, ts(dt.datetime.combine(day, dt.time(R.randint(8, 22), R.randint(0, 59))))])
    seen_e, srows = set(), []
    for e, s, t in sorted(subs, key=lambda x: x[2]):
        if e not in seen_e and t <= ts(CUTOFF):
            seen_e.add(e)
            srows.append([len(srows) + 1, e, s, t])
    table("newsletter_subscriber", ["id", "email", "source", "created_at"], srows)

    build_traffic(R, orders)
    build_search(R, products)
    build_settings(mids)


def build_content(R, mids, ref_to_id, products):
    table = G["table"]
    terms = content.TERMS
    table("term", ["id", "taxonomy", "name", "slug", "description", "parent_id"], [list(t) for t in terms])
    slugs = {f"{t[1]}:{t[3]}" for t in terms}
    names = dict(mids["scenes"])
    for p in products:
        names[p["ref"]] = p["row"]["cover_media_id"]
    post_dir = G["CONTENT"] / "posts"
    page_dir = G["CONTENT"] / "pages"
    post_dir.mkdir(parents=True, exist_ok=True)
    page_dir.mkdir(parents=True, exist_ok=True)
    for n, p in enumerate(content.POSTS):
        col = [svgart.PRIMARY, svgart.ACCENT, "#9CAF88", "#8E9AA3", "#C9A13B", "#B5292F", "#7FA6BE"][n % 7]
        m = G["add_media"](f"blog/{p['slug']}.svg", svgart.blog(n, col), p.get("img_alt", ""), p["title"],
                           p.get("img_caption", ""))
        names["blog:" + p["slug"]] = m
        p["featured_media_id"] = m
    pages_fm = []
    for kind, items, d in (("post", content.POSTS, post_dir), ("page", content.PAGES, page_dir)):
        for p in items:
            body = p["body"].strip() + "\n"
            for key, mid in names.items():
                body = body.replace(f"media:@{key})", f"media:{mid})").replace(f"media:@{key} ", f"media:{mid} ")
            for key, val in texts.settings().items():
                body = body.replace("{{" + key + "}}", val)
            assert "media:@" not in body and "{{" not in body, (p["slug"], body[body.find("@") - 20:][:60])
            fm = [f"id = {p['id']}", f"title = {json.dumps(p['title'], ensure_ascii=False)}", f"slug = \"{p['slug']}\"",
                  f"status = \"{p.get('status', 'publish')}\"", f"published_at = \"{p['published_at']}\"",
                  f"author_id = {p['author_id']}", f"excerpt = {json.dumps(p.get('excerpt', ''), ensure_ascii=False)}",
                  f"sticky = {'true' if p.get('sticky') else 'false'}"]
            if p.get("featured_media_id"):
                fm.append(f"featured_media_id = {p['featured_media_id']}")
            fm.append(f"comment_status = \"{p.get('comment_status', 'open' if kind == 'post' else 'closed')}\"")
            for k in ("meta_title", "meta_description", "focus_keyword"):
                if p.get(k):
                    fm.append(f"{k} = {json.dumps(p[k], ensure_ascii=False)}")
            if kind == "post":
                for t in p["terms"]:
                    assert t in slugs, t
                fm.append("terms = [" + ", ".join(json.dumps(t) for t in p["terms"]) + "]")
            else:
                if p.get("parent_id"):
                    fm.append(f"parent_id = {p['parent_id']}")
                fm.append(f"menu_order = {p.get('menu_order', 0)}")
            (d / f"{p['slug']}.md").write_text("+++\n" + "\n".join(fm) + "\n+++\n\n" + body, encoding="utf-8")
    # comments
    emp = G["EMP_NAME"]
    rows = []
    post_by_slug = {p["slug"]: p for p in content.POSTS}
    for slug, clist in content.COMMENTS.items():
        p = post_by_slug[slug]
        assert p.get("status", "publish") == "publish"
        t0 = dt.datetime.strptime(p["published_at"], "%Y-%m-%d %H:%M:%S")
        for author, email, text, status, days, reply in clist:
            t = t0 + dt.timedelta(days=days, hours=R.randint(1, 12), minutes=R.randint(0, 59))
            if t > G["CUTOFF"]:
                t = G["CUTOFF"] - dt.timedelta(hours=R.randint(2, 60))
            cid = len(rows) + 1
            rows.append([cid, p["id"], None, author, email, None, text, status, G["ts"](t)])
            if reply:
                eid, rtext = reply
                rt = min(G["work_time"](t, 2, 30), G["CUTOFF"])
                rows.append([len(rows) + 1, p["id"], cid, emp[eid], G["EMPLOYEES"][eid - 1][3], eid, rtext, "approved",
                             G["ts"](rt)])
    table("comment", ["id", "post_id", "parent_id", "author_name", "author_email", "employee_id", "content", "status",
                      "created_at"], rows)
    return True


def build_traffic(R, orders):
    table, ts = G["table"], G["ts"]
    cnt = {}
    for o in orders:
        k = (o["created_at"][:10], o["source"], o["device"])
        cnt[k] = cnt.get(k, 0) + 1
    rows = []
    pv = {"desktop": (4.0, 5.0), "mobile": (2.9, 3.7), "tablet": (3.4, 4.4)}
    br = {"desktop": (.36, .44), "mobile": (.48, .56), "tablet": (.40, .50)}
    for d in G["DAYS"]:
        day = d.isoformat()
        sess_day = G["EXPECTED"][d] / G["CONV"] * R.uniform(0.92, 1.08)
        for s in G["SOURCES"]:
            for dev in G["DEVICES"]:
                share = G["SRC_SESS"][s] * G["DEV_SESS"][dev]
                sessions = G["poisson"](sess_day * share)
                exp_orders = sess_day * share * G["CONV"] * G["SRC_CONV"][s] * G["DEV_CONV"][dev] / 1.047
                n = cnt.get((day, s, dev), 0)
                carts = n + G["poisson"](exp_orders * 2.35 * R.uniform(0.8, 1.2))
                sessions = max(sessions, carts, 0)
                visitors = min(sessions, round(sessions * R.uniform(0.82, 0.93)))
                new = min(visitors, round(visitors * R.uniform(0.62, 0.78)))
                pages = round(sessions * R.uniform(*pv[dev]))
                bounces = min(sessions - carts, round(sessions * R.uniform(*br[dev])))
                rows.append([day, s, dev, sessions, visitors, new, pages, bounces, carts, carts - n])
    table("traffic_daily", ["day", "source", "device", "sessions", "visitors", "new_visitors", "page_views", "bounces",
                            "carts_created", "carts_abandoned"], rows)


def build_search(R, products):
    import unicodedata

    def f(s):
        return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    active = [f(p["name"] + " " + p["summary"]) for p in products if p["row"]["active"]]
    aliases = {"drap": "draps", "coussin": "housse de coussin", "couette": "housse de couette", "taie": "taie d'oreiller",
               "nape": "nappe", "plaide": "plaid", "peignoire": "peignoir"}

    def results(q):
        q = aliases.get(q, q)
        words = [w.rstrip("s") for w in f(q).replace("'", " ").split() if len(w) > 2 and w not in ("pour", "les", "des")]
        return sum(1 for a in active if all(w in a for w in words))
    rows = []
    queries = texts.SEARCHES
    for k in range(176):
        q = queries[k % len(queries)] if k < len(queries) else R.choice(queries[:30])
        d = R.choice(G["DAYS"])
        t = G["pick_time"](d)
        rows.append([q, results(q), ts_(t)])
    rows.sort(key=lambda r: r[2])
    G["table"]("search_log", ["id", "query", "results", "created_at"], [[k + 1, *r] for k, r in enumerate(rows)])


def ts_(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def build_settings(mids):
    s = texts.settings()
    s["logo.media_id"] = str(mids["logo"])
    s["icon.media_id"] = str(mids["icon"])
    out = ['[context]', 'id = "toiles-de-loire"', 'version = "2027.1"',
           'title = "Les Toiles de Loire — contexte national de référence E5 (session 2027)"',
           'created = "2026-11-01T00:00:00Z"', 'schema_version = 1', '', '[settings]']
    for k, v in s.items():
        out.append(f'"{k}" = {json.dumps(v, ensure_ascii=False)}')
    (G["ROOT"] / "context.toml").write_text("\n".join(out) + "\n", encoding="utf-8")
    (G["ROOT"] / "README.md").write_text(texts.README, encoding="utf-8")
