#!/usr/bin/env python3
"""Generate the reference sources of « Les Toiles de Loire » under reference-site/.

Deterministic (random.Random(2027)), Python 3.11, standard library only.
Usage: python3 tools/reference-gen/generate.py
"""
import csv
import datetime as dt
import math
import random
import shutil
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import catalog  # noqa: E402
import content  # noqa: E402
import people  # noqa: E402
import svgart  # noqa: E402
import texts  # noqa: E402

R = random.Random(2027)
ROOT = HERE.parents[1] / "reference-site"
DATA, MEDIA, CONTENT = ROOT / "data", ROOT / "media", ROOT / "content"
START, END = dt.date(2025, 11, 1), dt.date(2026, 10, 31)
CUTOFF = dt.datetime(2026, 10, 31, 23, 59, 59)
FREE_THRESHOLD = 6900
TABLES = {}


def ts(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def ttc_of(ht):
    return (ht * 12 + 5) // 10


def ht_for(ttc):
    for ht in (round(ttc / 1.2), round(ttc / 1.2) - 1, round(ttc / 1.2) + 1):
        if ttc_of(ht) == ttc:
            return ht
    raise ValueError(ttc)


def slugify(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else "-" for c in s)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


def table(name, header, rows):
    TABLES[name] = (header, rows)


def write_csv(name):
    header, rows = TABLES[name]
    with open(DATA / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else (f"{v:.1f}" if isinstance(v, float) else v) for v in r])


def poisson(lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(R.gauss(lam, math.sqrt(lam))))
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= R.random()
        if p <= L:
            return k
        k += 1


def wchoice(items, weights):
    return R.choices(items, weights=weights, k=1)[0]


# ------------------------------------------------------------------ media
MEDIA_ROWS = []


def add_media(file, svg, alt, title, caption="", description=""):
    mid = len(MEDIA_ROWS) + 1
    p = MEDIA / file
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(svg, encoding="utf-8")
    assert len(svg.encode()) < 6144, (file, len(svg))
    MEDIA_ROWS.append([mid, file, alt, title, caption, description])
    return mid


def build_media_base():
    ids = {}
    ids["logo"] = add_media("logo.svg", svgart.logo(), "Les Toiles de Loire, linge de maison à Cholet",
                            "Logo Les Toiles de Loire", "", "Logo principal : vague bleu Loire et terracotta, nom de la marque.")
    ids["icon"] = add_media("icon.svg", svgart.icon(), "", "Icône du site", "", "Icône carrée utilisée comme favicon.")
    slides = [("slides/slide-linge-de-lit.svg", "Pile de draps en lin bleu Loire et écru", "Carrousel — linge de lit"),
              ("slides/slide-table.svg", "Table dressée d'une nappe terracotta à carreaux", "Carrousel — linge de table"),
              ("slides/slide-bain.svg", "Serviettes en éponge vert sauge pliées", "Carrousel — linge de bain"),
              ("slides/slide-plaids.svg", "Plaid gris à carreaux et coussin rayé", "Carrousel — plaids et coussins")]
    ids["slides"] = [add_media(f, svgart.slide(i), a, t) for i, (f, a, t) in enumerate(slides)]
    scenes = [("atelier", "La table de coupe de l'atelier de Cholet", "Table de coupe"),
              ("metier", "Un métier à tisser chargé de fils bleus", "Métier à tisser"),
              ("bobines", "Bobines de fil de couleurs alignées sur l'étagère", "Bobines de fil"),
              ("etendage", "", "Linge qui sèche au soleil"),
              ("champ-lin", "Champ de lin en fleur au mois de juin", "Champ de lin")]
    ids["scenes"] = {k: add_media(f"atelier/{k}.svg", svgart.scene(k), a, t) for k, a, t in scenes}
    return ids


# ------------------------------------------------------------------ employees
EMPLOYEES = [
    (1, "Hélène", "Guérin", "helene.guerin@toiles-de-loire.fr", 1, "administrator",
     "Présidente des Toiles de Loire depuis 2015, petite-fille du fondateur. Ancienne acheteuse textile, elle a relancé l'atelier familial en misant sur la vente en ligne.", 1, "2015-03-02 09:00:00"),
    (2, "Julien", "Moreau", "julien.moreau@toiles-de-loire.fr", 2, "administrator",
     "Responsable e-commerce : boutique en ligne, référencement, campagnes et statistiques.", 1, "2018-09-03 09:00:00"),
    (3, "Sandrine", "Cosset", "sandrine.cosset@toiles-de-loire.fr", 3, "contributor",
     "Responsable logistique : préparation des commandes, expéditions, retours et stocks.", 1, "2016-01-11 08:30:00"),
    (4, "Thomas", "Bernier", "thomas.bernier@toiles-de-loire.fr", 5, "author",
     "Conseiller clientèle : il répond à vos questions par téléphone et par messagerie, du lundi au vendredi.", 1, "2021-04-06 09:00:00"),
    (5, "Léa", "Chauvin", "lea.chauvin@toiles-de-loire.fr", 6, "editor",
     "Chargée de contenus et de communication : blog, réseaux sociaux et newsletter. Passionnée de décoration et de couture.", 1, "2022-02-14 09:00:00"),
    (6, "Antoine", "Pineau", "antoine.pineau@toiles-de-loire.fr", 6, "author",
     "Chef d'atelier, tisserand de formation. Trente ans de métier, dont dix à faire parler les machines anciennes de l'atelier.", 1, "2015-03-02 08:00:00"),
    (7, "Maëlle", "Ruault", "maelle.ruault@toiles-de-loire.fr", 4, "contributor",
     "Traductrice indépendante : elle prépare la version anglaise des fiches produits.", 1, "2024-06-03 09:00:00"),
    (8, "Nicolas", "Brochard", "nicolas.brochard@toiles-de-loire.fr", 5, "contributor",
     "Ancien alternant au service client (2024-2025).", 0, "2024-09-02 09:00:00"),
]
EMP_NAME = {e[0]: f"{e[1]} {e[2]}" for e in EMPLOYEES}

TABS = ["dashboard", "orders", "catalog", "customers", "customer_service", "stats", "modules", "design", "shipping",
        "settings", "team", "content", "comments", "media"]


def build_employees():
    table("profile", ["id", "name"], [[1, "SuperAdmin"], [2, "Administrateur"], [3, "Logisticien"], [4, "Traducteur"],
                                      [5, "Vendeur"], [6, "Rédacteur web"]])
    full, view, edit = (1, 1, 1, 1), (1, 0, 0, 0), (1, 0, 1, 0)
    add = (1, 1, 1, 0)
    rights = {
        1: {t: full for t in TABS},
        2: {**{t: full for t in TABS}, "team": view, "settings": edit, "modules": edit},
        3: {"dashboard": view, "orders": edit, "catalog": edit, "customers": view, "customer_service": add,
            "shipping": full, "stats": view},
        4: {"dashboard": view, "catalog": edit, "content": edit, "design": view, "media": view},
        5: {"dashboard": view, "orders": add, "catalog": view, "customers": add, "customer_service": full,
            "stats": view, "comments": edit},
        6: {"dashboard": view, "catalog": edit, "content": full, "comments": full, "media": full, "design": view},
    }
    rows = []
    for pid in range(1, 7):
        for t in TABS:
            if t in rights[pid]:
                rows.append([pid, t, *rights[pid][t]])
    table("profile_permission", ["profile_id", "tab", "can_view", "can_add", "can_edit", "can_delete"], rows)
    table("employee", ["id", "first_name", "last_name", "email", "password", "profile_id", "wp_role", "bio", "active",
                       "created_at"],
          [[e[0], e[1], e[2], e[3], "demo-e5-2027", e[4], e[5], e[6], e[7], e[8]] for e in EMPLOYEES])


# ------------------------------------------------------------------ catalogue
ATTR_GROUPS = [(1, "Taille", "Taille", "select", 1), (2, "Couleur", "Couleur", "color", 2),
               (3, "Dimensions", "Dimensions", "select", 3)]
ATTRS = {}


def build_catalog(mids):
    # attributes
    rows, aid = [], 0
    spec = {1: ["90 x 190 cm", "140 x 190 cm", "160 x 200 cm", "180 x 200 cm", "140 x 200 cm", "200 x 200 cm",
                "240 x 220 cm", "260 x 240 cm", "180 x 290 cm", "240 x 300 cm", "270 x 310 cm", "50 x 70 cm",
                "65 x 65 cm", "S/M", "L/XL", "0-6 mois", "6-18 mois"],
            2: [("Blanc", "#FFFFFF"), ("Écru", "#EADFC8"), ("Bleu Loire", "#1F4E6B"), ("Terracotta", "#C8643B")],
            3: ["150 x 150 cm", "150 x 250 cm", "150 x 300 cm", "140 x 260 cm", "140 x 280 cm"]}
    for gid, vals in spec.items():
        for pos, v in enumerate(vals):
            aid += 1
            name, hexc = (v if isinstance(v, tuple) else (v, ""))
            ATTRS[(gid, name)] = aid
            rows.append([aid, gid, name, hexc, pos])
    table("attribute_group", ["id", "name", "public_name", "kind", "position"], [list(g) for g in ATTR_GROUPS])
    table("attribute", ["id", "group_id", "name", "color_hex", "position"], rows)

    def attr_id(name, ref):
        group = 2 if name in ("Blanc", "Écru", "Bleu Loire", "Terracotta") else (
            3 if ref.startswith(("TDL-NA", "TDL-RI")) else 1)
        return ATTRS[(group, name)]

    # categories
    cat_rows = []
    for (cid, parent, name, slug, pos, col, kind, desc, mt, md) in catalog.CATEGORIES:
        m = add_media(f"categories/{slug}.svg", svgart.category(kind, col, "checks" if cid % 3 == 0 else "stripes"),
                      f"{name} — illustration de la catégorie", name)
        cat_rows.append([cid, parent, name, slug, desc, mt, md, m, pos, 1])
    table("category", ["id", "parent_id", "name", "slug", "description", "meta_title", "meta_description",
                       "image_media_id", "position", "active"], cat_rows)
    table("brand", ["id", "name", "slug", "description", "active"], [
        [1, "Les Toiles de Loire", "les-toiles-de-loire", "Notre marque : linge de maison tissé en Europe et confectionné dans notre atelier de Cholet.", 1],
        [2, "Atelier Cholet Pro", "atelier-cholet-pro", "La gamme hôtellerie et chambres d'hôtes : percale et éponge renforcées, lavables à 90 °C.", 1],
        [3, "Petite Loire", "petite-loire", "Notre ligne pour les bébés et les enfants, en coton biologique certifié GOTS.", 1],
        [4, "Filature des Pyrénées", "filature-des-pyrenees", "Filature familiale de Lavelanet (Ariège), partenaire de nos plaids en laine depuis 2016.", 1],
    ])
    table("tax_rule", ["id", "name", "rate"], [[1, "TVA 20 %", 20.0], [2, "TVA 5,5 %", 5.5]])
    table("feature", ["id", "name", "position"], [[1, "Matière", 1], [2, "Origine", 2], [3, "Entretien", 3],
                                                  [4, "Grammage", 4], [5, "Certification", 5], [6, "Dimensions", 6]])

    products, prows, pcat, pmedia, pfeat, combos, cattrs, packs, custom = [], [], [], [], [], [], [], [], []
    cid = 0
    new_dates = {"TDL-HC-004": "2026-03-20 10:12:00", "TDL-EN-002": "2026-02-10 09:40:00",
                 "TDL-TO-004": "2026-05-05 14:05:00", "TDL-CO-003": "2026-04-15 11:30:00",
                 "TDL-CO-004": "2026-09-15 16:20:00", "TDL-PL-003": "2025-10-10 10:00:00"}
    ref_to_id = {}
    for i, p in enumerate(catalog.P, start=1):
        o = p["opt"]
        ref_to_id[p["ref"]] = i
        ht = ht_for(p["ttc"])
        cover = add_media(f"products/{p['slug']}.svg", svgart.product(p["shape"], p["hex"], p["pattern"]),
                          "" if i in (14, 37) else p["name"], p["name"])
        pmedia.append([i, cover, 0])
        if p["pattern"] != "plain" and i % 2 == 0:
            det = add_media(f"products/{p['slug']}-detail.svg", svgart.product(p["shape"], p["hex"], p["pattern"], 1),
                            f"Détail du tissu : {p['name']}", f"{p['name']} (détail)")
            pmedia.append([i, det, 1])
        mat = catalog.MATERIALS[p["mat"]]
        paras = [p["para"], mat[4][i % len(mat[4])], texts.MAKER[i % len(texts.MAKER)]]
        if i % 3 == 0 and len(mat[4]) > 1:
            paras.insert(2, mat[4][(i + 1) % len(mat[4])])
        qty = 0 if p["combos"] else o.get("quantity", 20)
        created = new_dates.get(p["ref"], f"2025-{1 + i % 9:02d}-{3 + (i * 7) % 24:02d} 10:00:00")
        updated = "2026-10-28 16:40:00" if p["ref"] in ("TDL-CO-004", "TDL-DP-002") else (
            "2026-06-18 11:00:00" if p["ref"] == "TDL-EN-006" else "2026-09-30 09:15:00")
        cat_name = next(c[2] for c in catalog.CATEGORIES if c[0] == p["cat"])
        meta_desc = "" if o.get("meta_desc_empty") else texts.meta_description(p, cat_name)
        ean = "376012345" + f"{i:03d}"
        ean += str((10 - sum(int(c) * (3 if k % 2 else 1) for k, c in enumerate(ean)) % 10) % 10)
        prow = dict(id=i, reference=p["ref"], name=p["name"], slug=p["slug"], summary=p["summary"],
                    description="\n\n".join(paras), category_id=p["cat"], brand_id=p["brand"], tax_rule_id=1,
                    price_ht_cents=ht, wholesale_price_cents=round(ht * (0.36 + (i % 5) * 0.02)), quantity=qty,
                    low_stock_threshold=3, out_of_stock=o.get("out_of_stock", "deny"),
                    available_date=o.get("available_date"), weight_grams=p["weight"], ean13=ean, condition="new",
                    active=o.get("active", 1), web_exclusive=o.get("web_exclusive", 0), featured=o.get("featured", 0),
                    is_pack=1 if o.get("pack") else 0, cover_media_id=cover,
                    meta_title=(f"{p['name']} | Les Toiles de Loire" if len(p["name"]) <= 48 else p["name"]) if i % 7 else "",
                    meta_description=meta_desc, focus_keyword=o.get("focus", ""), created_at=created,
                    updated_at=updated)
        prows.append(prow)
        for c in [p["cat"]] + p["extra"]:
            pcat.append([i, c])
        pfeat += [[i, 1, mat[0]], [i, 2, texts.origin(p)], [i, 3, mat[1]], [i, 4, mat[2]], [i, 5, mat[3]]]
        if not p["combos"]:
            dims = texts.dimensions(p)
            if dims:
                pfeat.append([i, 6, dims])
        pc = []
        for k, (names, cttc, cq) in enumerate(p["combos"]):
            cid += 1
            impact = ht_for(cttc) - ht
            is_def = 1 if (cttc == p["ttc"] and not any(c["is_default"] for c in pc)) else 0
            code = "-".join(slugify(n).replace("-x-", "x").replace("-cm", "").upper()[:8] for n in names)
            pc.append(dict(id=cid, product_id=i, reference=f"{p['ref']}-{code}", price_impact_cents=impact,
                           quantity=cq, is_default=is_def, names=names, ttc=cttc))
            for n in names:
                cattrs.append([cid, attr_id(n, p["ref"])])
        assert not pc or sum(c["is_default"] for c in pc) == 1, p["ref"]
        combos += pc
        if o.get("custom"):
            custom.append(p["ref"])
        products.append(dict(p, id=i, ht=ht, combos_rows=pc, created=created, row=prow))
    for p in products:
        for ref, q in p["opt"].get("pack", []):
            packs.append([p["id"], ref_to_id[ref], q])
    hdr = list(prows[0].keys())
    table("product", hdr, [[r[h] for h in hdr] for r in prows])
    table("product_category", ["product_id", "category_id"], pcat)
    table("product_media", ["product_id", "media_id", "position"], pmedia)
    table("product_feature", ["product_id", "feature_id", "value"], pfeat)
    table("combination", ["id", "product_id", "reference", "price_impact_cents", "quantity", "is_default"],
          [[c["id"], c["product_id"], c["reference"], c["price_impact_cents"], c["quantity"], c["is_default"]] for c in combos])
    table("combination_attribute", ["combination_id", "attribute_id"], cattrs)
    table("pack_item", ["pack_id", "product_id", "quantity"], packs)
    table("customization_field", ["id", "product_id", "kind", "label", "required"],
          [[k + 1, ref_to_id[ref], "text", "Initiales à broder (3 lettres maximum)", 0] for k, ref in enumerate(custom)])
    acc = [("TDL-DH-001", ["TDL-TO-001", "TDL-HC-002", "TDL-DP-002"]), ("TDL-DH-002", ["TDL-TO-002", "TDL-HC-001"]),
           ("TDL-DH-003", ["TDL-TO-001", "TDL-HC-003"]), ("TDL-HC-001", ["TDL-DH-002", "TDL-TO-002", "TDL-DP-001"]),
           ("TDL-HC-002", ["TDL-DH-001", "TDL-TO-001", "TDL-CO-001"]), ("TDL-SB-001", ["TDL-SB-002", "TDL-SB-004", "TDL-SB-005"]),
           ("TDL-SB-002", ["TDL-SB-001", "TDL-PE-001"]), ("TDL-NA-001", ["TDL-ST-001", "TDL-NA-004"]),
           ("TDL-NA-003", ["TDL-ST-002"]), ("TDL-TC-001", ["TDL-TC-002", "TDL-AC-003"]),
           ("TDL-PL-001", ["TDL-CO-001", "TDL-CO-002"]), ("TDL-EN-003", ["TDL-EN-005", "TDL-CF-001"]),
           ("TDL-CF-001", ["TDL-EN-001", "TDL-EN-004"]), ("TDL-AC-003", ["TDL-TC-001", "TDL-AC-004"])]
    table("product_accessory", ["product_id", "accessory_id"],
          [[ref_to_id[a], ref_to_id[b]] for a, bs in acc for b in bs])
    table("search_alias", ["id", "alias", "search"], [[k + 1, a, s] for k, (a, s) in enumerate([
        ("drap", "draps"), ("coussin", "housse de coussin"), ("couette", "housse de couette"), ("taie", "taie d'oreiller"),
        ("serviette", "serviette de toilette"), ("peignoire", "peignoir"), ("torchon", "torchons"),
        ("nape", "nappe"), ("plaide", "plaid"), ("bebe", "bébé"), ("lin lave", "lin lavé"), ("tote", "tote bag")])])
    return products, ref_to_id


# ------------------------------------------------------------------ customers
def phone(prefix):
    if prefix.startswith("+"):
        return f"{prefix} {R.randint(100, 999)} {R.randint(10, 99)} {R.randint(10, 99)}"
    p = prefix if R.random() < 0.35 else R.choice(["06", "07"])
    return p + "".join(f" {R.randint(0, 99):02d}" for _ in range(4))


def build_customers():
    customers, addresses = [], []
    used = set()
    city_w = [c[3] for c in people.CITIES]
    n = 184
    pro_slots = {2: 0, 27: 1, 48: 2, 71: 3, 96: 4, 118: 5, 139: 6, 161: 7}
    guest_ids = set(range(170, 185))
    for cid in range(1, n + 1):
        if cid == 1:
            g, fn, ln = "Mme", "Camille", "Martin"
        elif cid == 2:
            g, fn, ln = "Mme", "Sophie", "Bertin"
        else:
            g = "Mme" if R.random() < 0.72 else "M."
            fn = R.choice(people.FEMALE if g == "Mme" else people.MALE)
            ln = R.choice(people.LAST)
        base = f"{fold(fn)}.{fold(ln)}".replace(" ", "").replace("'", "")
        email = f"{base}@{R.choice(people.DOMAINS)}"
        k = 2
        while email in used:
            email = f"{base}{k}@{R.choice(people.DOMAINS)}"
            k += 1
        used.add(email)
        pro = cid in pro_slots
        guest = cid in guest_ids
        foreign = None
        if not pro and R.random() < 0.06 and cid > 2:
            foreign = R.choice(people.FOREIGN)
        if pro:
            company, pc, city = people.PROS[pro_slots[cid]]
            pref = "02"
        elif foreign:
            company, (pc, city, country, pref) = "", foreign
        elif cid == 1:
            company, pc, city, pref = "", "49000", "Angers", "02"
        else:
            company = ""
            pc, city, pref, _ = R.choices(people.CITIES, weights=city_w)[0]
        country = foreign[2] if foreign else "France"
        group = 4 if pro else (2 if guest else 3)
        before = R.random() < 0.3 and not guest
        created = (dt.datetime(2016 + R.randint(0, 9), R.randint(1, 12), R.randint(1, 28), R.randint(8, 22),
                               R.randint(0, 59), R.randint(0, 59)) if before else None)
        if created and created.date() >= START:
            created = created.replace(year=2024)
        nl = 1 if R.random() < 0.42 else 0
        birthday = (f"{R.randint(1950, 2003)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"
                    if R.random() < 0.45 and not guest else None)
        customers.append(dict(id=cid, gender=g, first_name=fn, last_name=ln, email=email,
                              password="client-demo" if cid <= 2 else "", birthday=birthday, newsletter=nl,
                              optin=1 if (nl and R.random() < 0.5) else 0, default_group_id=group,
                              is_guest=1 if guest else 0, active=1, note="", created=created, pro=pro,
                              pc=pc, city=city, country=country, company=company, addresses=[]))
        street = R.choice(people.FOREIGN_STREETS[country]) if foreign else R.choice(people.STREETS)
        num = R.randint(1, 120)
        a1 = f"{num} {street}" if not foreign or country in ("Belgique", "Luxembourg", "Suisse") else f"{street} {num}"
        a2 = R.choice(["", "", "", "", "Bâtiment B", "Appartement 12", "3e étage", "Lieu-dit La Cour"])
        aid = len(addresses) + 1
        addresses.append([aid, cid, "Mon adresse" if not pro else "Établissement", fn, ln, company, a1, a2, pc, city,
                          country, phone(pref)])
        customers[-1]["addresses"].append(aid)
        if (R.random() < 0.3 and not guest) or cid <= 2:
            pc2, city2, pref2, _ = R.choices(people.CITIES, weights=city_w)[0]
            aid = len(addresses) + 1
            alias = R.choice(["Travail", "Maison de vacances", "Chez mes parents", "Bureau"])
            addresses.append([aid, cid, alias, fn, ln, "" if alias != "Bureau" else "Cabinet " + ln,
                              f"{R.randint(1, 80)} {R.choice(people.STREETS)}", "", pc2, city2, "France", phone(pref2)])
            customers[-1]["addresses"].append(aid)
    if True:  # demo customer 2 is a professional: gîte in Cholet
        c2 = customers[1]
        c2["note"] = "Cliente professionnelle (gîte de 5 chambres). Paiement par virement à 30 jours accepté."
    customers[0]["note"] = "Compte de démonstration."
    return customers, addresses


# ------------------------------------------------------------------ orders
SOURCES = ["direct", "organic", "social", "email", "referral", "paid"]
SRC_SESS = {"organic": .38, "direct": .22, "social": .14, "paid": .12, "email": .08, "referral": .06}
SRC_CONV = {"organic": .9, "direct": 1.3, "social": .45, "paid": .95, "email": 2.2, "referral": 1.1}
DEVICES = ["desktop", "mobile", "tablet"]
DEV_SESS = {"desktop": .37, "mobile": .55, "tablet": .08}
DEV_CONV = {"desktop": 1.45, "mobile": .7, "tablet": 1.0}
CONV = 0.0152


def day_weight(d):
    month = {11: 1.05, 12: 1.45, 1: 1.25, 2: .8, 3: .95, 4: 1.05, 5: 1.15, 6: .9, 7: .75, 8: .5, 9: .9, 10: 1.0}[d.month]
    w = month * [1.05, .95, .95, 1.0, .95, .85, 1.25][d.weekday()]
    if d == dt.date(2025, 11, 28):
        w *= 3.2
    elif dt.date(2025, 11, 24) <= d <= dt.date(2025, 12, 1):
        w *= 1.8
    if dt.date(2025, 12, 21) <= d <= dt.date(2025, 12, 31):
        w *= 0.45
    if dt.date(2026, 1, 7) <= d <= dt.date(2026, 1, 20):
        w *= 1.6
    if dt.date(2026, 5, 20) <= d <= dt.date(2026, 5, 30):
        w *= 1.4
    return w


DAYS = [START + dt.timedelta(days=k) for k in range((END - START).days + 1)]
N_ORDERS = 585
WSUM = sum(day_weight(d) for d in DAYS)
EXPECTED = {d: day_weight(d) / WSUM * N_ORDERS for d in DAYS}


def pick_time(d):
    h = wchoice(list(range(24)), [1, .5, .3, .2, .2, .3, .8, 2, 3.5, 4.5, 5, 5.5, 6.5, 6, 5, 4.5, 4.5, 5, 5.5, 6.5,
                                  8, 8.5, 6, 3])
    return dt.datetime(d.year, d.month, d.day, h, R.randint(0, 59), R.randint(0, 59))


def work_time(t, min_h, max_h):
    """A time min_h..max_h hours later, moved into working hours (Mon-Fri 8:30-17:30)."""
    t = t + dt.timedelta(minutes=R.randint(int(min_h * 60), int(max_h * 60)))
    while t.weekday() >= 5 or t.hour < 8 or t.hour >= 17:
        if t.hour >= 17 or t.weekday() >= 5:
            t = (t + dt.timedelta(days=1)).replace(hour=8, minute=R.randint(30, 59))
        else:
            t = t.replace(hour=8, minute=R.randint(30, 59))
    return t


SPECIFIC = [  # id, product ref, percent, cents, start, end
    (1, "TDL-HC-002", 20.0, 0, "2026-10-20 00:00:00", "2026-12-31 23:59:59"),
    (2, "TDL-DH-004", 0.0, 1000, "2026-01-07 08:00:00", "2026-02-03 23:59:59"),
    (3, "TDL-PL-002", 30.0, 0, "2026-06-24 08:00:00", "2026-07-21 23:59:59"),
]
CART_RULES = [
    dict(id=1, name="Bienvenue : 10 % sur la première commande", code="BIENVENUE10",
         description="10 % de remise sur la première commande, réservé aux abonnés à la newsletter.",
         starts_at="2025-01-01 00:00:00", ends_at="2027-12-31 23:59:59", active=1, priority=1, highlight=0,
         minimum_amount_cents=0, quantity=1000, quantity_per_customer=1, combinable=0, free_shipping=0,
         reduction_percent=10.0, reduction_cents=0, created_at="2024-12-18 10:00:00"),
    dict(id=2, name="Livraison offerte dès 50 €", code="LIVRAISONOFFERTE",
         description="Frais de port offerts dès 50 € d'achat en France métropolitaine (au lieu de 69 €).",
         starts_at="2026-05-01 00:00:00", ends_at="2026-12-31 23:59:59", active=1, priority=2, highlight=1,
         minimum_amount_cents=5000, quantity=500, quantity_per_customer=3, combinable=1, free_shipping=1,
         reduction_percent=0.0, reduction_cents=0, created_at="2026-04-28 15:20:00"),
    dict(id=3, name="Noël 2025 : 15 % dès 60 €", code="NOEL2025",
         description="Offre de Noël envoyée aux abonnés de la newsletter le 1er décembre 2025.",
         starts_at="2025-12-01 00:00:00", ends_at="2025-12-24 23:59:59", active=1, priority=1, highlight=0,
         minimum_amount_cents=6000, quantity=300, quantity_per_customer=1, combinable=0, free_shipping=0,
         reduction_percent=15.0, reduction_cents=0, created_at="2025-11-27 11:00:00"),
    dict(id=4, name="Soldes d'été : 5 € offerts dès 80 €", code=None,
         description="Règle automatique de l'été 2026, désactivée à la fin des soldes.",
         starts_at="2026-06-24 08:00:00", ends_at="2026-07-21 23:59:59", active=0, priority=3, highlight=0,
         minimum_amount_cents=8000, quantity=1000, quantity_per_customer=1000, combinable=1, free_shipping=0,
         reduction_percent=0.0, reduction_cents=500, created_at="2026-06-20 09:30:00"),
    dict(id=5, name="Professionnels : 15 % dès 300 €", code="PRO15",
         description="Remise réservée au groupe Professionnels pour les commandes de plus de 300 € TTC.",
         starts_at="2026-01-01 00:00:00", ends_at="2026-12-31 23:59:59", active=1, priority=1, highlight=0,
         minimum_amount_cents=30000, quantity=1000, quantity_per_customer=1000, combinable=0, free_shipping=0,
         reduction_percent=15.0, reduction_cents=0, created_at="2025-12-15 10:00:00"),
    dict(id=6, name="Fête des mères : 10 € dès 60 €", code="MAMAN2026",
         description="Offre fête des mères relayée sur Instagram et dans la newsletter du 20 mai.",
         starts_at="2026-05-20 00:00:00", ends_at="2026-05-31 23:59:59", active=1, priority=1, highlight=1,
         minimum_amount_cents=6000, quantity=200, quantity_per_customer=1, combinable=0, free_shipping=0,
         reduction_percent=0.0, reduction_cents=1000, created_at="2026-05-18 17:00:00"),
]
# carriers: id -> zone -> list of (min, max, price)
WEIGHT_STEPS = [0, 500, 1000, 2000, 5000, 10000, 30000]
CARRIER_PRICES = {
    1: {1: [495, 595, 750, 990, 1390, 1990], 2: [790, 890, 1090, 1390, 1890, 2690], 3: [1490, 1890, 2490, 3490, 4990, 7990],
        4: [1090, 1290, 1590, 1990, 2690, 3690], 5: [1590, 1790, 2190, 2790, 3590, 4990]},
    2: {1: [390, 430, 550, 690, 990, 1490], 4: [590, 690, 890, 1190, 1590, 2290]},
    3: {1: [0, 0, 0, 0, 0, 0]},
    4: {1: [1290, 1390, 1590, 1990, 2490, 3290], 2: [1890, 1990, 2290, 2790, 3490, 4490], 4: [2490, 2790, 3290, 3990, 4990, 6490]},
}
ZONE_OF_COUNTRY = {"France": 1, "Belgique": 4, "Luxembourg": 4, "Allemagne": 4, "Espagne": 4, "Italie": 4,
                   "Suisse": 5, "Guadeloupe": 3, "Martinique": 3, "La Réunion": 3}


def zone_of(addr):
    if addr[10] == "France" and addr[8].startswith("20"):
        return 2
    return ZONE_OF_COUNTRY[addr[10]]


def shipping_price(carrier, zone, weight):
    for k in range(len(WEIGHT_STEPS) - 1):
        if WEIGHT_STEPS[k] <= weight < WEIGHT_STEPS[k + 1]:
            return CARRIER_PRICES[carrier][zone][k]
    raise ValueError(weight)


def build_delivery():
    # postcode_prefixes: French postcodes a zone claims from its country's zone (zone_of above).
    table("zone", ["id", "name", "postcode_prefixes"], [[1, "France métropolitaine", ""], [2, "Corse", "20"],
                                                        [3, "Outre-mer", ""], [4, "Union européenne", ""],
                                                        [5, "Europe hors Union européenne", ""]])
    table("country", ["iso", "name", "zone_id", "active"], [
        ["FR", "France", 1, 1], ["BE", "Belgique", 4, 1], ["LU", "Luxembourg", 4, 1], ["DE", "Allemagne", 4, 1],
        ["ES", "Espagne", 4, 1], ["IT", "Italie", 4, 1], ["CH", "Suisse", 5, 1], ["GP", "Guadeloupe", 3, 1],
        ["MQ", "Martinique", 3, 1], ["RE", "La Réunion", 3, 1], ["NL", "Pays-Bas", 4, 0]])
    table("carrier", ["id", "name", "delay", "billing", "is_free", "active", "position", "tracking_url"], [
        [1, "Colissimo Domicile", "Livraison à domicile en 48 à 72 h", "weight", 0, 1, 1,
         "https://www.laposte.fr/outils/suivre-vos-envois?code=@"],
        [2, "Mondial Relay — Point relais", "Livraison en point relais en 3 à 5 jours ouvrés", "weight", 0, 1, 2,
         "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition=@"],
        [3, "Retrait à l'atelier de Cholet", "Gratuit, retrait sous 24 h ouvrées du lundi au samedi", "weight", 1, 1, 3, ""],
        [4, "Chronopost Express", "Livraison express en 24 h (commande avant 13 h)", "weight", 0, 1, 4,
         "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=@"]])
    rows, rid = [], 0
    for car, zones in CARRIER_PRICES.items():
        for z, prices in zones.items():
            for k, pr in enumerate(prices):
                rid += 1
                rows.append([rid, car, z, WEIGHT_STEPS[k], WEIGHT_STEPS[k + 1], pr])
    table("carrier_range", ["id", "carrier_id", "zone_id", "range_min", "range_max", "price_cents"], rows)


POPULAR = {"TDL-DH-001": 9, "TDL-DH-002": 8, "TDL-DH-003": 4, "TDL-DH-004": 3, "TDL-HC-001": 6, "TDL-HC-002": 3,
           "TDL-HC-003": 3, "TDL-HC-004": 2, "TDL-TO-001": 9, "TDL-TO-002": 6, "TDL-TO-003": 4, "TDL-TO-004": 2,
           "TDL-DP-001": 3, "TDL-DP-002": 1.5, "TDL-SB-001": 10, "TDL-SB-002": 6, "TDL-SB-003": 4, "TDL-SB-004": 5,
           "TDL-SB-005": 3, "TDL-PE-001": 3, "TDL-PE-002": 2, "TDL-NA-001": 4, "TDL-NA-002": 2, "TDL-NA-003": 3,
           "TDL-NA-004": 3, "TDL-ST-001": 5, "TDL-ST-002": 4, "TDL-ST-003": 2, "TDL-TC-001": 11, "TDL-TC-002": 5,
           "TDL-CO-001": 6, "TDL-CO-002": 4, "TDL-CO-003": 3, "TDL-CO-004": 0, "TDL-PL-001": 3, "TDL-PL-002": 3,
           "TDL-PL-003": 1, "TDL-RI-001": 2, "TDL-RI-002": 2, "TDL-EN-001": 3, "TDL-EN-002": 2, "TDL-EN-003": 4,
           "TDL-EN-004": 3, "TDL-EN-005": 4, "TDL-EN-006": 2, "TDL-AC-001": 8, "TDL-AC-002": 4, "TDL-AC-003": 3,
           "TDL-AC-004": 4, "TDL-AC-005": 2, "TDL-CF-001": 3}
SEASONAL = {12: {"TDL-PL-001": 3, "TDL-PL-003": 2, "TDL-CF-001": 2, "TDL-AC-001": 1.6, "TDL-CO-003": 2, "TDL-NA-002": 2},
            1: {"TDL-DH-002": 1.8, "TDL-HC-001": 1.8, "TDL-DH-004": 2, "TDL-SB-001": 1.5},
            7: {"TDL-SB-003": 3, "TDL-NA-003": 2.5, "TDL-HC-004": 2, "TDL-PL-002": 2},
            6: {"TDL-SB-003": 2.5, "TDL-NA-003": 2, "TDL-PL-002": 1.5}}
QTY = {"TDL-SB-001": [1, 2, 2, 3, 4], "TDL-TO-001": [1, 2, 2], "TDL-TO-002": [1, 2, 2], "TDL-TC-001": [1, 2, 3, 4],
       "TDL-SB-004": [1, 2], "TDL-ST-001": [1, 1, 2], "TDL-CO-001": [1, 2]}


def unit_price(p, combo, t, customer):
    """(HT, TTC) unit price of a product / combination at time t for this customer."""
    base = combo["ttc"] if combo else p["ttc"]
    ttc = base
    for sid, ref, pct, cents, s, e in SPECIFIC:
        if ref == p["ref"] and s <= ts(t) <= e:
            ttc = round(base * (100 - pct) / 100) if pct else base - cents
    if customer["pro"]:
        ttc = round(ttc * 0.9)
    if ttc == base:
        return ht_for(base) if combo else p["ht"], base
    return round(ttc / 1.2), ttc


def build_orders(products, customers, addresses):
    by_ref = {p["ref"]: p for p in products}
    addr = {a[0]: a for a in addresses}
    # 1. order slots
    slots = []
    for d in DAYS:
        for _ in range(poisson(EXPECTED[d])):
            slots.append(pick_time(d))
    slots += [dt.datetime(2026, 10, 30, 19, 42, 10), dt.datetime(2026, 10, 31, 10, 5, 33),
              dt.datetime(2026, 10, 31, 16, 48, 2), dt.datetime(2026, 10, 31, 21, 17, 45)]
    slots.sort()
    # 2. customers -> number of orders
    ordering = [c for c in customers if not (c["id"] > 150 and c["id"] < 170)]  # 19 customers never order
    counts = {}
    for c in ordering:
        if c["is_guest"]:
            counts[c["id"]] = 1
        elif c["pro"]:
            counts[c["id"]] = R.randint(2, 5)
        elif c["id"] == 1:
            counts[c["id"]] = 5
        else:
            counts[c["id"]] = 1 if R.random() < 0.63 else wchoice([2, 3, 4, 5, 6, 8], [40, 25, 14, 8, 5, 2])
    total = sum(counts.values())
    ids = [c["id"] for c in ordering if not c["is_guest"] and not c["pro"] and c["id"] != 1 and counts[c["id"]] > 1]
    while total < len(slots):
        counts[R.choice(ids)] += 1
        total += 1
    while total > len(slots):
        k = R.choice([i for i in ids if counts[i] > 2] or ids)
        counts[k] -= 1
        total -= 1
    owners = [cid for cid, k in counts.items() for _ in range(k)]
    R.shuffle(owners)
    # pros and the demo pro order in 2026 only, demo customer 1 orders from the start: reorder slots by swapping
    slot_owner = list(zip(slots, owners))
    fixed = []
    for t, cid in slot_owner:
        fixed.append([t, cid])
    for k, (t, cid) in enumerate(fixed):
        c = customers[cid - 1]
        if c["pro"] and t < dt.datetime(2026, 1, 5):
            for j in range(len(fixed) - 1, k, -1):
                if fixed[j][0] >= dt.datetime(2026, 1, 5) and not customers[fixed[j][1] - 1]["pro"]:
                    fixed[k][1], fixed[j][1] = fixed[j][1], fixed[k][1]
                    break
    # make sure the demo customer 1 has an order in the last days (in preparation or shipped)
    last = [k for k, (t, cid) in enumerate(fixed) if t >= dt.datetime(2026, 10, 29)][0]
    first1 = [k for k, (t, cid) in enumerate(fixed) if cid == 1][-1]
    fixed[last][1], fixed[first1][1] = fixed[first1][1], fixed[last][1]

    orders, lines, history, ocr = [], [], [], []
    refs = set()
    seen_customer = set()
    rule_uses = {r["id"]: 0 for r in CART_RULES}
    cust_rule_uses = {}
    for oid, (t, cid) in enumerate(fixed, start=1):
        c = customers[cid - 1]
        if c["created"] is None or c["created"] > t:
            if cid not in seen_customer and c["created"] is None:
                c["created"] = t - dt.timedelta(minutes=R.randint(3, 25))
        first_order = cid not in seen_customer
        seen_customer.add(cid)
        avail = [p for p in products if p["row"]["created_at"] <= ts(t) and POPULAR[p["ref"]] > 0]
        avail = [p for p in avail if not (p["ref"] == "TDL-EN-006" and t > dt.datetime(2026, 6, 18))
                 and not (p["ref"] == "TDL-AC-005" and t > dt.datetime(2026, 3, 31))
                 and not (p["ref"] == "TDL-DP-002" and t > dt.datetime(2026, 9, 20))
                 and not (p["ref"] == "TDL-ST-003" and t > dt.datetime(2026, 10, 2))]
        wts = [POPULAR[p["ref"]] * SEASONAL.get(t.month, {}).get(p["ref"], 1) * (4000 / p["ttc"]) ** 1.05 for p in avail]
        nlines = wchoice([1, 2, 3, 4], [62, 26, 9, 3])
        chosen = []
        while len(chosen) < nlines:
            p = wchoice(avail, wts)
            if p not in chosen:
                chosen.append(p)
        olines, weight = [], 0
        for p in chosen:
            combo = None
            if p["combos_rows"]:
                combo = wchoice(p["combos_rows"], [max(1, cc["quantity"]) for cc in p["combos_rows"]])
            q = R.choice(QTY.get(p["ref"], [1, 1, 1, 1, 1, 1, 1, 1, 2]))
            if c["pro"]:
                q = R.randint(2, 4)
            ht, ttc = unit_price(p, combo, t, c)
            name = p["name"] + (" — " + ", ".join(combo["names"]) if combo else "")
            olines.append(dict(product_id=p["id"], combination_id=combo["id"] if combo else None, product_name=name,
                               product_reference=combo["reference"] if combo else p["ref"], quantity=q,
                               unit_price_ht_cents=ht, unit_price_cents=ttc, tax_rate=20.0, quantity_returned=0,
                               quantity_refunded=0))
            weight += p["weight"] * q
        weight += 150  # packaging
        tp = sum(l["unit_price_cents"] * l["quantity"] for l in olines)
        tpht = sum(l["unit_price_ht_cents"] * l["quantity"] for l in olines)
        # delivery
        a_ids = c["addresses"]
        deliv = a_ids[0] if len(a_ids) == 1 or R.random() < 0.8 else a_ids[1]
        inv = a_ids[0]
        zone = zone_of(addr[deliv])
        near = addr[deliv][8][:2] in ("49", "79", "85", "44") and zone == 1
        options = [k for k in CARRIER_PRICES if zone in CARRIER_PRICES[k] and (k != 3 or near)]
        carrier = wchoice(options, [{1: 45, 2: 38, 3: 30, 4: 8}[k] for k in options])
        # cart rule
        rule = None
        ts_ = ts(t)
        cands = []
        for r in CART_RULES:
            if not r["active"] or not (r["starts_at"] <= ts_ <= r["ends_at"]) or tp < r["minimum_amount_cents"]:
                continue
            if cust_rule_uses.get((cid, r["id"]), 0) >= r["quantity_per_customer"]:
                continue
            if r["id"] == 5 and not c["pro"]:
                continue
            if r["id"] == 1 and not first_order:
                continue
            cands.append(r)
        prob = {1: 0.06, 2: 0.12, 3: 0.22, 5: 0.8, 6: 0.25}
        for r in cands:
            if r["id"] == 2 and tp >= FREE_THRESHOLD:
                continue
            if R.random() < prob.get(r["id"], 0):
                rule = r
                break
        disc = 0
        if rule:
            disc = round(tp * rule["reduction_percent"] / 100) if rule["reduction_percent"] else rule["reduction_cents"]
            rule_uses[rule["id"]] += 1
            cust_rule_uses[(cid, rule["id"])] = cust_rule_uses.get((cid, rule["id"]), 0) + 1
            ocr.append([oid, rule["id"], rule["name"], disc, rule["free_shipping"]])
        free = (tp - disc >= FREE_THRESHOLD) or carrier == 3 or (rule and rule["free_shipping"])
        ship = 0 if free else shipping_price(carrier, zone, weight)
        # source / device
        cells = [(s, d) for s in SOURCES for d in DEVICES]
        cw = [SRC_SESS[s] * SRC_CONV[s] * DEV_SESS[d] * DEV_CONV[d] for s, d in cells]
        if rule and rule["id"] in (3, 6, 1):
            cw = [w * (6 if s == "email" else 1) for (s, d), w in zip(cells, cw)]
        source, device = wchoice(cells, cw)
        # payment
        if c["pro"]:
            payment = wchoice(["Virement bancaire", "Carte bancaire", "Chèque"], [60, 30, 10])
        else:
            payment = wchoice(["Carte bancaire", "Chèque", "Virement bancaire"], [84, 8, 8])
        while True:
            ref = "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(9))
            if ref not in refs:
                refs.add(ref)
                break
        path = order_path(t, payment, carrier, oid)
        reached = [(s, when, emp) for s, when, emp in path if when <= CUTOFF]
        orders.append(dict(id=oid, reference=ref, customer_id=cid, delivery_address_id=deliv, invoice_address_id=inv,
                           carrier_id=carrier, payment=payment, state_id=reached[-1][0], total_products_ht_cents=tpht,
                           total_products_cents=tp, total_discounts_cents=disc, total_shipping_cents=ship,
                           total_paid_cents=tp - disc + ship, source=source, device=device, invoice_number=None,
                           customer_note="", created_at=ts(t), _t=t, _path=reached, _weight=weight, _zone=zone))
        for l in olines:
            lines.append(dict(id=len(lines) + 1, order_id=oid, **l))
    for r in CART_RULES:
        r["_uses"] = rule_uses[r["id"]]
    return orders, lines, ocr


def order_path(t, payment, carrier, oid):
    """The planned list of (state, time, employee) of an order."""
    u = R.random()
    p = []
    if payment == "Carte bancaire":
        if u < 0.015:
            e = t + dt.timedelta(seconds=40)
            return [(9, e, None), (7, work_time(e, 20, 60), 4)]
        paid = t + dt.timedelta(seconds=R.randint(20, 90))
        p.append((3, paid, None))
    else:
        first = 1 if payment == "Chèque" else 2
        p.append((first, t, None))
        if u < 0.12:
            return p + [(7, work_time(t, 15 * 24, 18 * 24), 2)]
        paid = work_time(t, 24 * (3 if first == 1 else 1), 24 * (8 if first == 1 else 4))
        p.append((3, paid, 2))
    prep = work_time(paid, 1, 20)
    p.append((4, prep, 3))
    if carrier == 3:
        p.append((6, prep + dt.timedelta(days=R.randint(1, 6), hours=R.randint(0, 6)), 4))
        return p
    ship = work_time(prep, 2, 26)
    p.append((5, ship, 3))
    days = {1: (2, 4), 2: (3, 6), 4: (1, 1)}[carrier]
    deliv = ship + dt.timedelta(days=R.randint(*days), hours=R.randint(-4, 3))
    p.append((6, deliv, None))
    return p


# ------------------------------------------------------------------ main
def main():
    for d in (DATA, MEDIA, CONTENT):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    mids = build_media_base()
    build_employees()
    products, ref_to_id = build_catalog(mids)
    build_delivery()
    customers, addresses = build_customers()
    orders, lines, ocr = build_orders(products, customers, addresses)
    import post_build  # noqa: E402  (second half: returns, reviews, content, traffic, settings)
    post_build.run(globals(), R, mids, products, ref_to_id, customers, addresses, orders, lines, ocr)
    table("media", ["id", "file", "alt", "title", "caption", "description"], MEDIA_ROWS)
    for name in TABLES:
        write_csv(name)
    print(f"{len(TABLES)} tables written, {len(MEDIA_ROWS)} media")


if __name__ == "__main__":
    main()
