"""Small hand-written SVG illustrations (no text except in the logo, no external references)."""

PRIMARY, ACCENT, ECRU, INK = "#1F4E6B", "#C8643B", "#F6F1E7", "#22303A"


def _rgb(h):
    h = h.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)]


def mix(a, b, t):
    """Blend colour a towards colour b (t = 0 -> a, 1 -> b)."""
    ra, rb = _rgb(a), _rgb(b)
    return "#%02X%02X%02X" % tuple(round(x + (y - x) * t) for x, y in zip(ra, rb))


def dark(h, t=0.25):
    return mix(h, "#1A2329", t)


def light(h, t=0.5):
    return mix(h, "#FFFFFF", t)


def is_light(h):
    r, g, b = _rgb(h)
    return r * 0.3 + g * 0.59 + b * 0.11 > 200


def contrast(h):
    return PRIMARY if is_light(h) else light(h, 0.55)


def pattern(pid, base, kind):
    """A <pattern> filling with the product colour and a motif."""
    c = contrast(base)
    inner = f'<rect width="40" height="40" fill="{base}"/>'
    if kind == "stripes":
        inner += f'<rect x="0" width="12" height="40" fill="{c}" opacity=".55"/>'
    elif kind == "redstripe":
        inner = f'<rect width="40" height="40" fill="{base}"/><rect x="4" width="5" height="40" fill="#B5292F"/><rect x="13" width="2" height="40" fill="#B5292F"/>'
    elif kind == "checks":
        inner += (f'<rect width="20" height="40" fill="{c}" opacity=".28"/>'
                  f'<rect width="40" height="20" fill="{c}" opacity=".28"/>')
    elif kind == "waves":
        inner += f'<path d="M0 20 Q10 10 20 20 T40 20" fill="none" stroke="{c}" stroke-width="3" opacity=".5"/>'
    elif kind == "dots":
        inner += f'<circle cx="10" cy="10" r="3.5" fill="{c}" opacity=".45"/><circle cx="30" cy="30" r="3.5" fill="{c}" opacity=".45"/>'
    return f'<pattern id="{pid}" width="40" height="40" patternUnits="userSpaceOnUse">{inner}</pattern>'


def shape(kind, col, pid, pat):
    """Return the drawing of an object in a 800 x 800 box, filled with pattern #pid."""
    f = f"url(#{pid})"
    d, l = dark(col, 0.22), light(col, 0.35)
    edge = dark(col, 0.35)
    if kind == "folded":
        s = ""
        for i, y in enumerate((480, 395, 310)):
            fill = f if i == 2 else (col if i == 1 else f)
            s += (f'<rect x="150" y="{y}" width="500" height="92" rx="16" fill="{fill}" stroke="{edge}" stroke-width="2"/>'
                  f'<path d="M620 {y + 2} q34 44 0 88" fill="{d}" opacity=".35"/>'
                  f'<path d="M170 {y + 22} H600" stroke="{l}" stroke-width="3" opacity=".6"/>')
        s += f'<rect x="360" y="300" width="80" height="292" fill="{ACCENT}" opacity=".18"/>'
        return s
    if kind == "pillow":
        body = "M190 250 Q400 205 610 250 Q655 400 610 550 Q400 595 190 550 Q145 400 190 250Z"
        return (f'<path d="{body}" fill="{f}" stroke="{edge}" stroke-width="5"/>'
                f'<path d="M230 300 Q300 330 320 400 M570 300 Q500 330 480 400 M240 510 Q320 470 360 420" '
                f'fill="none" stroke="{d}" stroke-width="4" opacity=".35"/>')
    if kind == "towel":
        s = (f'<rect x="170" y="430" width="460" height="150" rx="18" fill="{col}" stroke="{edge}" stroke-width="2"/>'
             f'<rect x="170" y="540" width="460" height="14" fill="{d}" opacity=".4"/>'
             f'<rect x="200" y="330" width="400" height="110" rx="18" fill="{f}" stroke="{edge}" stroke-width="2"/>'
             f'<rect x="200" y="410" width="400" height="12" fill="{d}" opacity=".35"/>'
             f'<circle cx="400" cy="250" r="88" fill="{col}" stroke="{edge}" stroke-width="2"/>'
             f'<path d="M400 250 m-60 0 a60 60 0 1 1 60 60 a40 40 0 1 1 -40 -40 a20 20 0 1 1 20 20" '
             f'fill="none" stroke="{d}" stroke-width="5" opacity=".45"/>')
        return s
    if kind == "robe":
        return (f'<path d="M400 130 q0 -30 25 -30 q25 0 25 25 q0 20 -30 35 L300 215 H500" fill="none" stroke="{INK}" stroke-width="7" stroke-linecap="round"/>'
                f'<path d="M300 215 L190 330 L240 380 L290 330 L280 660 H520 L510 330 L560 380 L610 330 L500 215 Z" fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<path d="M330 215 L400 400 L470 215" fill="none" stroke="{d}" stroke-width="12" opacity=".5"/>'
                f'<rect x="282" y="430" width="236" height="22" fill="{d}" opacity=".55"/>'
                f'<path d="M380 452 l-20 110 M420 452 l20 110" stroke="{d}" stroke-width="14" opacity=".55"/>'
                f'<rect x="310" y="500" width="60" height="60" rx="6" fill="none" stroke="{d}" stroke-width="3" opacity=".5"/>')
    if kind == "table":
        return (f'<path d="M170 330 H630 L690 430 H110 Z" fill="{light(col, .25)}"/>'
                f'<path d="M110 430 H690 V560 Q650 600 610 560 Q570 600 530 560 Q490 600 450 560 Q410 600 370 560 '
                f'Q330 600 290 560 Q250 600 210 560 Q170 600 110 560 Z" fill="{f}" stroke="{edge}" stroke-width="3"/>'
                f'<path d="M200 560 V690 M600 560 V690" stroke="#8A6A4F" stroke-width="16"/>'
                f'<ellipse cx="300" cy="380" rx="62" ry="24" fill="#FFFFFF" stroke="#D9D2C4" stroke-width="3"/>'
                f'<ellipse cx="500" cy="380" rx="62" ry="24" fill="#FFFFFF" stroke="#D9D2C4" stroke-width="3"/>'
                f'<path d="M400 300 v70" stroke="#9CAF88" stroke-width="6"/><circle cx="400" cy="290" r="18" fill="{ACCENT}"/>')
    if kind == "plaid":
        fr = "".join(f'<path d="M{x} 560 v40" stroke="{edge}" stroke-width="4"/>' for x in range(190, 620, 24))
        return (f'<rect x="170" y="200" width="460" height="360" rx="10" fill="{f}" stroke="{edge}" stroke-width="3"/>'
                f'<path d="M170 330 H630" stroke="{d}" stroke-width="6" opacity=".35"/>'
                f'<path d="M170 200 q230 40 460 0 v40 q-230 40 -460 0Z" fill="{l}" opacity=".35"/>' + fr)
    if kind == "curtain":
        folds = "".join(f'<path d="M{x} 180 V650" stroke="{d}" stroke-width="5" opacity=".3"/>' for x in (220, 260, 300, 500, 540, 580))
        return (f'<path d="M140 160 H660" stroke="{INK}" stroke-width="10" stroke-linecap="round"/>'
                f'<path d="M180 170 H340 Q330 420 360 650 H180 Z" fill="{f}" stroke="{edge}" stroke-width="3"/>'
                f'<path d="M460 170 H620 V650 H440 Q470 420 460 170 Z" fill="{f}" stroke="{edge}" stroke-width="3"/>'
                + folds + f'<rect x="150" y="650" width="500" height="8" rx="4" fill="{d}" opacity=".2"/>')
    if kind == "baby":
        return (f'<path d="M300 170 H500 Q520 170 530 200 L560 280 Q600 520 560 620 Q400 680 240 620 Q200 520 240 280 L270 200 Q280 170 300 170Z" '
                f'fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<path d="M270 200 Q300 260 350 240 M530 200 Q500 260 450 240" fill="none" stroke="{edge}" stroke-width="4"/>'
                f'<path d="M440 250 V600" stroke="{d}" stroke-width="4" stroke-dasharray="8 6"/>'
                f'<circle cx="320" cy="185" r="9" fill="{d}"/><circle cx="480" cy="185" r="9" fill="{d}"/>')
    if kind == "tote":
        return (f'<path d="M300 320 Q300 160 400 160 Q500 160 500 320" fill="none" stroke="{dark(col, .45)}" stroke-width="22"/>'
                f'<path d="M210 300 H590 L570 650 H230 Z" fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<rect x="330" y="420" width="140" height="90" rx="6" fill="{PRIMARY}"/>'
                f'<path d="M360 465 q20 -25 40 0 t40 0" fill="none" stroke="{ECRU}" stroke-width="6"/>')
    if kind == "pouch":
        return (f'<rect x="180" y="280" width="440" height="290" rx="60" fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<path d="M220 310 H580" stroke="#8C8C8C" stroke-width="8" stroke-dasharray="6 4"/>'
                f'<path d="M560 310 l30 60 h-30 z" fill="#7A5334"/>'
                f'<path d="M200 520 Q400 560 600 520" fill="none" stroke="{d}" stroke-width="4" opacity=".4"/>')
    if kind == "apron":
        return (f'<path d="M330 140 Q400 90 470 140" fill="none" stroke="{dark(col, .4)}" stroke-width="10"/>'
                f'<path d="M320 140 H480 V300 Q560 300 580 330 L560 680 H240 L220 330 Q240 300 320 300 Z" fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<path d="M220 330 Q150 360 120 420 M580 330 Q650 360 680 420" fill="none" stroke="{dark(col, .4)}" stroke-width="10"/>'
                f'<rect x="300" y="440" width="200" height="110" rx="8" fill="{d}" opacity=".35"/>')
    if kind == "bread":
        return (f'<path d="M240 250 H560 L590 660 H210 Z" fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<path d="M240 250 Q400 300 560 250 V300 Q400 340 240 300Z" fill="{d}" opacity=".3"/>'
                f'<path d="M380 300 q-40 80 -90 110 M420 300 q40 80 90 110" fill="none" stroke="{ACCENT}" stroke-width="7"/>'
                f'<ellipse cx="400" cy="230" rx="120" ry="40" fill="#D9A85B"/><path d="M330 225 l30 -18 M380 220 l30 -18 M430 222 l30 -18" stroke="#A77431" stroke-width="6"/>')
    if kind == "gift":
        return (f'<rect x="200" y="330" width="400" height="300" fill="{f}" stroke="{edge}" stroke-width="4"/>'
                f'<rect x="180" y="280" width="440" height="70" fill="{col}" stroke="{edge}" stroke-width="4"/>'
                f'<rect x="375" y="280" width="50" height="350" fill="{ACCENT}"/>'
                f'<path d="M400 280 Q330 190 300 250 Q310 290 400 280 Q470 190 500 250 Q490 290 400 280Z" fill="{ACCENT}" stroke="{dark(ACCENT, .3)}" stroke-width="3"/>')
    raise ValueError(kind)


def svg(w, h, body, defs=""):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
            + (f"<defs>{defs}</defs>" if defs else "") + body + "</svg>\n")


def product(kind, col, pat, variant=0):
    """Square product picture; variant 1 is a close-up of the fabric."""
    bg = mix(col, ECRU, 0.82) if not is_light(col) else mix(PRIMARY, ECRU, 0.9)
    defs = pattern("p", col, pat)
    if variant == 1:
        body = (f'<rect width="800" height="800" fill="url(#p)"/>'
                f'<path d="M0 560 Q200 470 420 560 T800 540 V800 H0Z" fill="{dark(col, .12)}" opacity=".35"/>'
                f'<circle cx="620" cy="190" r="90" fill="#FFFFFF" opacity=".12"/>')
        return svg(800, 800, body, defs)
    body = (f'<rect width="800" height="800" fill="{bg}"/>'
            f'<circle cx="400" cy="400" r="330" fill="#FFFFFF" opacity=".45"/>'
            f'<ellipse cx="400" cy="690" rx="290" ry="26" fill="{INK}" opacity=".08"/>' + shape(kind, col, "p", pat))
    return svg(800, 800, body, defs)


def category(kind, col, pat="plain"):
    bg = light(col, 0.72) if not is_light(col) else mix(PRIMARY, ECRU, 0.86)
    defs = pattern("p", col, pat if pat != "plain" else "waves")
    body = (f'<rect width="800" height="800" fill="{bg}"/>'
            f'<path d="M0 600 Q200 540 400 600 T800 590 V800 H0Z" fill="{PRIMARY}" opacity=".12"/>'
            f'<g transform="translate(100 60) scale(.75)">{shape(kind, col, "p", pat)}</g>')
    return svg(800, 800, body, defs)


def slide(n):
    """Carousel slides, 1600 x 600, composition on the right third, the left kept calm for titles."""
    pal = [(PRIMARY, "#EADFC8", "folded", "plain", "#DCE6EA"),
           (ACCENT, "#F6F1E7", "table", "checks", "#F3DDD0"),
           ("#9CAF88", "#FBFBF8", "towel", "border", "#E4EBDD"),
           ("#8E9AA3", "#C8643B", "plaid", "checks", "#E9E4DA")][n]
    main, second, kind, pat, bg = pal
    defs = pattern("p", main, pat) + pattern("q", second, "stripes")
    waves = "".join(f'<path d="M0 {y} Q400 {y - 40} 800 {y} T1600 {y}" fill="none" stroke="#FFFFFF" stroke-width="3" opacity=".5"/>'
                    for y in (420, 470, 520))
    body = (f'<rect width="1600" height="600" fill="{bg}"/>'
            f'<path d="M900 0 H1600 V600 H760 Q880 300 900 0Z" fill="{light(main, .6)}"/>' + waves +
            f'<circle cx="1420" cy="120" r="70" fill="{ACCENT}" opacity=".25"/>'
            f'<g transform="translate(880 40) scale(.66)">{shape(kind, main, "p", pat)}</g>'
            f'<g transform="translate(1180 160) scale(.5)">{shape("pillow", second, "q", "stripes")}</g>')
    return svg(1600, 600, body, defs)


def blog(n, col):
    """Featured image for a blog article, 1200 x 630."""
    bg = mix(col, ECRU, 0.8)
    kinds = ["folded", "towel", "table", "pillow", "plaid", "baby", "curtain", "tote", "gift"]
    pats = ["waves", "stripes", "checks", "dots", "plain", "redstripe"]
    kind, pat = kinds[n % len(kinds)], pats[n % len(pats)]
    defs = pattern("p", col, pat)
    deco = [
        f'<path d="M0 470 Q300 400 600 470 T1200 460 V630 H0Z" fill="{col}" opacity=".18"/>',
        "".join(f'<path d="M{x} 0 V630" stroke="{col}" stroke-width="2" opacity=".18"/>' for x in range(40, 1200, 46)),
        f'<circle cx="220" cy="180" r="140" fill="{ACCENT}" opacity=".14"/><circle cx="1040" cy="520" r="170" fill="{PRIMARY}" opacity=".1"/>',
    ][n % 3]
    body = (f'<rect width="1200" height="630" fill="{bg}"/>' + deco +
            f'<g transform="translate({330 + (n % 3) * 60} 20) scale(.74)">{shape(kind, col, "p", pat)}</g>')
    return svg(1200, 630, body, defs)


def scene(name):
    """Illustrations of the workshop, used inside articles (1200 x 800)."""
    bg = ECRU
    if name == "metier":  # a loom
        threads = "".join(f'<path d="M{x} 160 V560" stroke="{PRIMARY}" stroke-width="3"/>' for x in range(330, 880, 14))
        body = (f'<rect width="1200" height="800" fill="{bg}"/><rect x="260" y="120" width="680" height="40" fill="#8A6A4F"/>'
                f'<rect x="260" y="560" width="680" height="60" fill="#8A6A4F"/><path d="M280 160 V720 M920 160 V720" stroke="#6E523B" stroke-width="26"/>'
                + threads + f'<rect x="330" y="430" width="550" height="130" fill="{light(PRIMARY, .3)}"/>'
                f'<path d="M330 460 H880 M330 500 H880 M330 540 H880" stroke="{ECRU}" stroke-width="4" opacity=".6"/>'
                f'<path d="M480 400 h240 l30 14 l-30 14 h-240 l-30 -14 z" fill="{ACCENT}"/>')
    elif name == "bobines":  # spools of thread
        cols = [PRIMARY, ACCENT, "#9CAF88", "#EADFC8", "#C9A13B", "#8E9AA3", "#B5292F"]
        sp = ""
        for i, c in enumerate(cols):
            x = 170 + i * 140
            sp += (f'<rect x="{x}" y="300" width="100" height="260" rx="10" fill="{c}"/>'
                   f'<rect x="{x - 12}" y="285" width="124" height="24" rx="8" fill="#C9A77F"/>'
                   f'<rect x="{x - 12}" y="552" width="124" height="24" rx="8" fill="#C9A77F"/>'
                   + f'<path d="{"".join(f"M{x} {y}h100" for y in range(322, 550, 18))}" stroke="{dark(c, .2)}" stroke-width="2" opacity=".5"/>')
        body = f'<rect width="1200" height="800" fill="{bg}"/><rect y="576" width="1200" height="224" fill="#D9C9AE"/>' + sp
    elif name == "etendage":  # linen drying on a line
        body = (f'<rect width="1200" height="800" fill="#DCE6EA"/><rect y="600" width="1200" height="200" fill="#9CAF88"/>'
                f'<path d="M60 180 Q600 250 1140 180" fill="none" stroke="{INK}" stroke-width="4"/>'
                f'<path d="M150 195 H450 L440 560 H160Z" fill="#FBFBF8" stroke="#C9CCCE" stroke-width="3"/>'
                f'<path d="M500 215 H760 L770 500 H490Z" fill="{ACCENT}"/>'
                f'<path d="M810 210 H1060 L1050 620 H820Z" fill="{PRIMARY}"/>'
                f'<path d="M820 210 V620 M850 210 V620" stroke="{ECRU}" stroke-width="8" opacity=".4"/>'
                f'<circle cx="1040" cy="90" r="50" fill="#F2C46D"/>')
    elif name == "champ-lin":  # flax field in bloom
        fl = "".join(f'<circle cx="{(i * 397 + i * i * 13) % 1200}" cy="{430 + (i * i * 7 + i * 31) % 330}" r="{6 + i % 5}"/>' for i in range(60))
        fl = f'<g fill="#6F8FD8" opacity=".85">{fl}</g>'
        st = "".join(f"M{(i * 197 + i * i * 5) % 1200} 800V{470 + (i * i * 3 + i * 17) % 200}" for i in range(60))
        st = f'<path d="{st}" stroke="#7E9C5A" stroke-width="3"/>'
        body = (f'<rect width="1200" height="800" fill="#E9F0F4"/><path d="M0 400 Q600 340 1200 400 V800 H0Z" fill="#BFD0A0"/>'
                + st + fl + '<circle cx="200" cy="150" r="60" fill="#F2C46D"/>')
    else:  # "atelier": table with scissors and fabric
        body = (f'<rect width="1200" height="800" fill="{bg}"/><rect y="420" width="1200" height="380" fill="#C9A77F"/>'
                f'<path d="M180 440 H820 L900 760 H120Z" fill="{PRIMARY}"/><path d="M260 440 H700 L760 760 H220Z" fill="#EADFC8"/>'
                f'<path d="M300 520 H680" stroke="{ACCENT}" stroke-width="4" stroke-dasharray="14 10"/>'
                f'<circle cx="900" cy="560" r="40" fill="none" stroke="{INK}" stroke-width="12"/>'
                f'<circle cx="990" cy="600" r="40" fill="none" stroke="{INK}" stroke-width="12"/>'
                f'<path d="M930 540 L1120 420 M960 580 L1130 460" stroke="#9AA3A8" stroke-width="14" stroke-linecap="round"/>'
                f'<rect x="960" y="150" width="120" height="200" rx="10" fill="{ACCENT}" opacity=".8"/>')
    return svg(1200, 800, body)


def logo():
    mark = (f'<circle cx="60" cy="60" r="52" fill="{PRIMARY}"/>'
            f'<path d="M22 58 Q41 42 60 58 T98 58" fill="none" stroke="{ECRU}" stroke-width="6" stroke-linecap="round"/>'
            f'<path d="M22 76 Q41 60 60 76 T98 76" fill="none" stroke="{ACCENT}" stroke-width="6" stroke-linecap="round"/>'
            f'<path d="M60 22 V44" stroke="{ECRU}" stroke-width="6" stroke-linecap="round"/>')
    text = (f'<text x="130" y="62" font-family="Georgia, \'Times New Roman\', serif" font-size="38" fill="{INK}">Les Toiles de Loire</text>'
            f'<text x="132" y="92" font-family="Helvetica, Arial, sans-serif" font-size="13" letter-spacing="3.2" fill="{ACCENT}">LINGE DE MAISON · CHOLET · DEPUIS 1962</text>')
    return svg(520, 120, mark + text)


def icon():
    body = (f'<rect width="512" height="512" rx="96" fill="{PRIMARY}"/>'
            f'<path d="M96 250 Q176 180 256 250 T416 250" fill="none" stroke="{ECRU}" stroke-width="28" stroke-linecap="round"/>'
            f'<path d="M96 330 Q176 260 256 330 T416 330" fill="none" stroke="{ACCENT}" stroke-width="28" stroke-linecap="round"/>'
            f'<path d="M256 96 V190" stroke="{ECRU}" stroke-width="28" stroke-linecap="round"/>')
    return svg(512, 512, body)
