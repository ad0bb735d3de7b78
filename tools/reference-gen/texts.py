"""French texts: product copy helpers, reviews, customer service threads, home blocks, settings, README."""

MAKER = [
    "Chaque pièce est coupée et cousue dans notre atelier de Cholet, rue des Tisserands, par une équipe de huit couturières. Les coutures sont surfilées puis rabattues pour ne pas s'effilocher au lavage.",
    "Nous fabriquons en petites séries, au plus près de la demande : moins de stock dormant, moins de gaspillage. Les chutes de coupe deviennent des sacs à pain, des trousses ou des tote bags.",
    "Fabriqué à Cholet, berceau du textile des Mauges depuis le XVIIIe siècle. Nous garantissons nos coutures deux ans : si l'une d'elles lâche, nous la reprenons gratuitement à l'atelier.",
    "Expédié dans un emballage en carton recyclé, sans plastique, avec une fiche d'entretien imprimée sur papier recyclé. Lavez la pièce avant la première utilisation.",
    "Conçu à l'atelier, testé chez nous pendant plusieurs mois avant d'être mis en vente : nous lavons nos prototypes une cinquantaine de fois pour vérifier la tenue des couleurs et des coutures.",
]


def meta_description(p, cat):
    name = p["name"].replace(" — ", ", ")
    base = f"{name} : {p['summary'][0].lower() + p['summary'][1:]}"
    tail = " Fabriqué à Cholet, livraison offerte dès 69 €."
    s = base.rstrip(".") + "." + tail
    if len(s) > 160:
        s = (name + ". " + cat + " fabriqué en France, confectionné dans notre atelier de Cholet. Livraison offerte dès 69 €.")
    if len(s) > 160:
        s = name + ". Confectionné dans notre atelier de Cholet. Livraison offerte dès 69 €."
    if len(s) < 120:
        s = s.replace(" Livraison offerte", " Retours gratuits sous 30 jours, livraison offerte")
    return s


def origin(p):
    if p["mat"] == "laine":
        return "Laine des Pyrénées, filée et tissée à Lavelanet (09)"
    if p["mat"] in ("lin", "enduit", "linlaine", "metis"):
        return "Lin européen, tissé en France, confectionné à Cholet (49)"
    if p["mat"] in ("percale", "gaze", "eponge"):
        return "Coton bio, tissé dans les Vosges, confectionné à Cholet (49)"
    return "Tissé en France, confectionné à Cholet (49)"


DIMS = {"TDL-TO-002": "50 x 70 cm", "TDL-TO-003": "65 x 65 cm (x 2)", "TDL-TO-004": "85 x 185 cm",
        "TDL-DP-002": "240 x 300 cm", "TDL-SB-003": "100 x 200 cm", "TDL-SB-004": "15 x 21 cm (x 3)",
        "TDL-SB-005": "50 x 80 cm", "TDL-NA-003": "150 x 250 cm", "TDL-NA-004": "45 x 180 cm",
        "TDL-ST-001": "45 x 45 cm (x 4)", "TDL-ST-002": "45 x 45 cm (x 4)", "TDL-ST-003": "35 x 50 cm (x 2)",
        "TDL-TC-001": "50 x 70 cm", "TDL-TC-002": "50 x 75 cm (x 3)", "TDL-CO-001": "45 x 45 cm",
        "TDL-CO-002": "45 x 45 cm", "TDL-CO-003": "45 x 45 cm", "TDL-CO-004": "60 x 60 x 15 cm",
        "TDL-PL-001": "130 x 170 cm", "TDL-PL-002": "130 x 170 cm", "TDL-PL-003": "130 x 180 cm",
        "TDL-RI-002": "140 x 260 cm", "TDL-EN-002": "140 x 200 cm + 65 x 65 cm", "TDL-EN-003": "60 x 120 cm",
        "TDL-EN-004": "75 x 75 cm", "TDL-EN-005": "70 x 70 cm (x 3)", "TDL-AC-001": "38 x 42 cm",
        "TDL-AC-002": "24 x 16 x 9 cm", "TDL-AC-003": "80 x 90 cm", "TDL-AC-004": "30 x 45 cm"}


def dimensions(p):
    return DIMS.get(p["ref"], "")


def family(p):
    cat = p["cat"]
    if cat in (2, 3, 4, 5):
        return "lit"
    if cat in (7, 8):
        return "bain"
    if cat in (10, 11, 12):
        return "table"
    if cat in (14, 15, 16):
        return "deco"
    if cat in (17, 19):
        return "enfant"
    return "accessoire"


REVIEWS = {
    "lit": [
        (5, "Enfin des draps qui tiennent", "Notre matelas fait 27 cm d'épaisseur et c'était la croix et la bannière avec nos anciens draps housses. Celui-ci se met en place en deux secondes et ne bouge plus de la nuit."),
        (5, "Douceur incroyable après lavage", "Un peu rêche au déballage, mais après le premier lavage c'est une autre histoire : très doux, frais, et il sèche vite. Je vais compléter avec les taies assorties."),
        (4, "Très belle qualité", "Tissu épais, coutures impeccables, couleur fidèle aux photos. Une étoile en moins car le délai de livraison a été un peu long (5 jours en Colissimo)."),
        (5, "Le lin, on ne revient pas en arrière", "Premier achat de linge de lit en lin et je comprends maintenant l'engouement. On a moins chaud l'été et il est agréable même en hiver. Cher, mais on sent que c'est fait pour durer."),
        (5, "Parfait pour notre chambre d'amis", "Commandé pour la chambre d'amis, nos invités nous ont tous demandé où on l'avait acheté. Emballage soigné, sans plastique, avec un petit mot manuscrit."),
        (4, "Bonne surprise", "La percale est fraîche et nette, exactement ce que je cherchais. Il faut le repasser si on aime les lits impeccables, mais c'est normal pour ce tissu."),
        (5, "Fabriqué en France et ça se voit", "Je cherchais du linge fabriqué en France et pas seulement « conçu en France ». Ici tout est transparent, jusqu'à l'origine du coton. La qualité est au rendez-vous."),
        (5, "Couleur sublime", "Le bleu est profond, légèrement grisé, très élégant avec notre tête de lit en chêne. Aucune décoloration après une dizaine de lavages à 40 °C."),
        (4, "Bien mais taille un peu juste", "Très beau drap, mais prenez bien la mesure de l'épaisseur du matelas avec le surmatelas : avec le nôtre, c'est juste. Sinon la qualité est irréprochable."),
        (5, "Cadeau de mariage réussi", "Offert en cadeau de mariage avec les taies brodées aux initiales des mariés. Superbe rendu, la broderie est fine et régulière. Merci pour les conseils par téléphone !"),
        (5, "On dort mieux", "Je suis du genre à avoir trop chaud la nuit : depuis que nous sommes passés à la percale bio, c'est beaucoup plus agréable. Et le blanc reste blanc."),
        (5, "Housse de couette au top", "Les boutons en corozo sont solides et la housse ne se tord pas dans la machine. Les coins sont bien finis, la couette reste en place."),
        (4, "Belle matière", "Très joli tissu, épais sans être lourd. J'aurais aimé un choix de couleurs un peu plus large dans cette taille."),
        (5, "Troisième commande", "C'est notre troisième commande de draps chez vous, nous équipons progressivement toute la maison. Toujours la même qualité, toujours aussi bien emballé."),
        (5, "Aussi beau qu'en photo", "Le froissé naturel du lin est vraiment joli, pas besoin de repasser, ça donne un lit décontracté et chaleureux. Je recommande sans hésiter."),
        (3, "Joli mais froisse beaucoup", "Le tissu est beau et agréable, mais je n'avais pas réalisé à quel point il froisse. Si vous aimez les lits bien tirés, préférez la percale ou le satin."),
        (5, "Service client au top", "J'avais un doute sur la taille, le service client m'a rappelée pour me conseiller. Produit reçu en 48 h, conforme et de très belle qualité."),
        (4, "Très bon rapport qualité-durabilité", "Pas donné, mais quand on compare avec des draps qui boulochent au bout d'un an, l'investissement vaut le coup. À voir dans le temps."),
        (5, "Taie parfaite", "Le rabat intérieur est assez long pour que l'oreiller ne sorte pas, enfin ! Le lin est très doux."),
        (5, "Satin très agréable", "Un toucher soyeux, légèrement brillant, très chic. Il se repasse facilement sur l'envers comme indiqué sur la fiche."),
        (4, "Contente de mon achat", "Belle qualité, couleur naturelle qui s'accorde avec tout. Seul bémol : le colis est arrivé un jour après la date annoncée."),
        (5, "Digne d'un hôtel", "On a l'impression de dormir dans un hôtel de charme. Les finitions sont parfaites, le tissu reste net même après des lavages à 60 °C."),
    ],
    "bain": [
        (5, "Moelleuse et absorbante", "Vraiment épaisse et absorbante, elle sèche en quelques heures sur le sèche-serviettes. Rien à voir avec nos anciennes serviettes de grande surface."),
        (5, "Couleur terracotta magnifique", "La terracotta est superbe et donne beaucoup de chaleur à notre salle de bain blanche. Aucun dégorgement au premier lavage."),
        (4, "Il faut la laver avant", "Un peu décevante au premier usage, elle n'absorbait pas beaucoup. Après deux lavages sans assouplissant comme conseillé, elle est parfaite."),
        (5, "Le peignoir idéal pour l'été", "Léger, sèche très vite, parfait en vacances. Taille bien (je fais du 40 et j'ai pris S/M)."),
        (5, "Fouta multi-usages", "Je l'utilise à la plage, comme nappe de pique-nique et même comme plaid l'été. Tissage solide, franges bien nouées."),
        (5, "Enfin des gants de toilette !", "Introuvables en magasin, et ceux-là sont épais et bien cousus. Je vais en recommander pour toute la famille."),
        (4, "Drap de bain généreux", "Grand, épais, très agréable. Un peu lourd une fois mouillé, mais c'est le revers d'une éponge de qualité."),
        (5, "Peignoir très chaud", "La capuche est un vrai plus l'hiver. Longueur parfaite sous le genou, coloris bleu magnifique."),
        (5, "Qualité hôtelière", "Nous avons équipé nos deux chambres d'hôtes : les clients adorent, et les serviettes supportent très bien les lavages à 60 °C."),
        (4, "Tapis de bain efficace", "Épais, ne glisse pas sur le carrelage, sèche assez vite. Je mets 4 étoiles car il bouloche un peu sur les bords."),
        (5, "Cadeau réussi", "Offert à ma mère avec ses initiales brodées sur le peignoir : elle était ravie. La broderie est très fine."),
        (5, "Belle épaisseur", "Sans doute les meilleures serviettes que j'aie achetées. La bordure tissée en chevrons est très jolie."),
        (3, "Bien mais couleurs limitées", "Bonne qualité, mais j'aurais aimé un vert ou un gris pour aller avec ma salle de bain. À suivre !"),
        (5, "Douce même sans assouplissant", "Je n'utilise plus d'assouplissant depuis des années et ces serviettes restent douces. Le coton bio fait la différence."),
        (5, "Sèche vite", "Le nid d'abeille est parfait pour la salle de bain d'une maison de vacances : ça sèche en une heure."),
        (4, "Très bien", "Bonne épaisseur et belle finition. La couleur écru est un peu plus jaune que sur mon écran, mais elle me plaît."),
    ],
    "table": [
        (5, "Le torchon de ma grand-mère", "Exactement comme ceux de ma grand-mère : le lin essuie les verres sans laisser de peluches. Et les rayures rouges, quel clin d'œil à Cholet !"),
        (5, "Nappe anti-taches bluffante", "Test grandeur nature avec trois enfants et un plat de spaghettis : un coup d'éponge et plus rien. Et elle garde vraiment l'aspect du lin."),
        (5, "Serviettes magnifiques", "Souples dès le premier lavage, grandes, avec un joli ourlet. Elles rendent la table tout de suite plus élégante."),
        (4, "Vichy très gai", "Joli vichy, couleurs franches, tissu épais. Il faut la repasser pour un rendu impeccable mais elle est très jolie."),
        (5, "Nappe jacquard superbe", "Le motif de vagues n'apparaît qu'à la lumière, c'est très raffiné. Elle a fait sensation au repas de Noël."),
        (5, "Lot de torchons indispensable", "Absorbants, solides, et ils deviennent plus doux à chaque lavage. Je n'achèterai plus de torchons en coton."),
        (4, "Chemin de table joli", "Joli tombé, franges bien faites. Un peu court pour notre table de 2,40 m, vérifiez les dimensions."),
        (5, "Offert à ma belle-mère", "Elle a adoré le lot de torchons dans son joli emballage. Livraison rapide, en 48 h."),
        (5, "Des serviettes qui ne se repassent pas", "Lin lavé = aucune corvée de repassage, et ça reste chic. Je recommande."),
        (5, "Parfait", "Qualité, couleur, finitions : tout est parfait. Rien à redire, c'est du beau travail."),
        (4, "Bien pour le quotidien", "Les serviettes vichy sont parfaites pour tous les jours et passent à 60 °C sans problème."),
        (5, "Tablier très pratique", "Les liens croisés dans le dos ne tirent pas sur la nuque, c'est un vrai confort. Lin épais, grande poche."),
        (5, "Belle nappe terracotta", "Couleur chaude superbe, en extérieur comme en intérieur. Pas une tache après un été de barbecues."),
        (3, "Correct", "Le sac à pain est pratique et bien cousu, mais un peu petit pour une grande baguette tradition."),
    ],
    "deco": [
        (5, "Plaid divin", "Chaud, léger, pas du tout grattant, ce qui est rare pour un plaid en laine. Les franges sont très bien finies."),
        (5, "Housse de coussin terracotta", "Couleur magnifique, fermeture éclair invisible, le lin est épais. J'en ai pris trois pour le canapé."),
        (5, "Brodé à la main, ça se voit", "Le coussin brodé mouchoir de Cholet est une petite merveille, les points sont réguliers. Superbe cadeau pour ma sœur choletaise."),
        (4, "Beau velours", "Le velours vert sauge est magnifique à la lumière. Un peu plus foncé qu'en photo, mais il me plaît beaucoup."),
        (5, "Rideaux parfaits", "Lumière très douce dans le salon, tombé impeccable. Attention, ils ne sont pas occultants, c'est bien précisé."),
        (5, "Plaid gaufré très doux", "Idéal pour les soirées d'été sur la terrasse. Passe en machine sans problème."),
        (5, "Qualité exceptionnelle", "Le plaid lin et laine est une pièce magnifique, les chevrons sont très élégants. Cher mais on sent que c'est pour la vie."),
        (4, "Voilage joli", "Belle gaze, effet aérien réussi. Les passants cachés sont un peu serrés pour ma tringle, vérifiez le diamètre."),
        (5, "Coussins qui durent", "J'ai acheté mes premières housses il y a trois ans, elles sont toujours comme neuves. J'en reprends pour la chambre."),
        (5, "Coup de cœur", "Le gris chiné du plaid est très doux, il va avec tout. Emballage soigné dans du papier de soie."),
        (4, "Très joli", "Belle housse, bonne tenue. Le lin froisse un peu mais ça fait partie du charme."),
        (5, "Superbes rideaux en lin", "Nous avons pris la hauteur 280 cm : parfait pour nos fenêtres anciennes. Les œillets sont solides et glissent bien."),
    ],
    "enfant": [
        (5, "Coffret naissance adorable", "Offert pour une naissance : la boîte est magnifique, le mot manuscrit a beaucoup touché les parents. Les langes sont très doux."),
        (5, "Gigoteuse parfaite pour l'été", "Légère, bien coupée, la fermeture éclair latérale est très pratique pour les changes de nuit."),
        (5, "Langes indispensables", "On s'en sert pour tout ! Ils deviennent de plus en plus doux au lavage. Jolies couleurs."),
        (5, "Parure petits bateaux", "Notre fils de 4 ans adore ses petits bateaux. Les couleurs n'ont pas bougé après plusieurs lavages à 40 °C."),
        (4, "Cape de bain douce", "Très douce, la capuche est bien pensée. Elle pourrait être un peu plus grande pour suivre bébé plus longtemps."),
        (5, "Coton bio rassurant", "Pour une peau atopique, le coton bio certifié fait vraiment la différence. Aucune irritation."),
        (5, "Drap housse bébé impeccable", "Tient bien sur le matelas, pas de plis, résiste aux lavages à 60 °C. J'en ai pris trois."),
        (5, "Très beau cadeau", "Emballage soigné, livraison rapide, et une qualité qu'on ne trouve plus. Merci !"),
    ],
    "accessoire": [
        (5, "Tote bag solide", "Je le remplis de courses tous les samedis au marché, il ne bronche pas. Les anses longues sont très pratiques."),
        (5, "Trousse de toilette pratique", "L'intérieur se nettoie facilement, la couleur est superbe. Bonne taille pour un week-end."),
        (4, "Sac à pain efficace", "Le pain reste croustillant plus longtemps, c'est vrai ! Un peu petit pour deux baguettes."),
        (5, "Tablier de chef", "Tissu épais, coupe flatteuse, les liens croisés sont confortables. Mon mari ne le quitte plus au barbecue."),
        (5, "Joli et utile", "Le tote bag fait de chutes de tissu, c'est une super idée. Très bien fini, avec une poche intérieure."),
        (5, "Cadeau parfait", "Offert à une amie couturière, elle a apprécié la qualité des finitions. Emballage zéro plastique."),
        (4, "Bien", "Pratique et solide. J'aurais aimé une fermeture en haut du tote bag."),
        (5, "Belle trousse", "Le lin enduit est vraiment imperméable et garde un aspect naturel. Le tirant en cuir végétal est un joli détail."),
    ],
}

NEG_REVIEWS = {
    "lit": [
        (2, "Bouloche après quelques lavages", "Déçue : après cinq ou six lavages, de petites bouloches sont apparues au niveau des pieds. Pour ce prix, je m'attendais à mieux."),
        (1, "Couleur qui a passé", "Le bleu a nettement pâli dès le troisième lavage à 40 °C, et la housse n'a plus la même teinte que les taies achetées en même temps."),
        (2, "Trop petit pour mon matelas", "Malgré les bonnets de 30 cm annoncés, impossible de le mettre sur notre matelas avec surmatelas. Le retour a été accepté, mais c'est dommage."),
        (2, "Livraison très en retard", "Le produit est beau, mais j'ai attendu presque deux semaines la livraison en point relais, sans nouvelles. Il a fallu relancer deux fois."),
    ],
    "bain": [
        (2, "Peluche énormément", "La serviette laisse des peluches partout sur la peau et dans le lave-linge, même après plusieurs lavages. Je ne la recommande pas."),
        (1, "Couleur déteint", "La serviette terracotta a déteint sur le reste de mon linge au premier lavage à 40 °C, alors que je l'avais lavée seule… ou presque."),
        (2, "Taille trop petite", "Le peignoir L/XL taille vraiment petit, les manches sont courtes pour un homme de 1,85 m."),
    ],
    "table": [
        (2, "Enduction qui craquelle", "Après quelques mois, l'enduction commence à craqueler le long des plis. J'avais pourtant suivi les conseils d'entretien."),
        (1, "Colis arrivé abîmé", "Colis écrasé, nappe tachée de graisse à la livraison. Le service client m'a proposé un échange, mais quelle déception pour un cadeau."),
    ],
    "deco": [
        (2, "Plaid qui gratte", "Je suis peut-être sensible, mais ce plaid gratte beaucoup trop pour être utilisé à même la peau. Il reste sur le dossier du canapé."),
        (2, "Couleur différente", "Le velours est beaucoup plus foncé que sur la photo, presque kaki. Il ne va pas du tout avec mon canapé."),
    ],
    "enfant": [
        (2, "Fermeture éclair fragile", "Le curseur de la fermeture éclair s'est cassé au bout de trois semaines. Dommage, le tissu est très doux."),
    ],
    "accessoire": [
        (2, "Anses décousues", "Une des anses du tote bag s'est décousue au bout de deux mois d'usage normal. Le service client m'en a renvoyé un, mais je reste réservée."),
    ],
}
REFUSED_REVIEWS = [
    ("Arnaque", "Allez voir ailleurs, achetez plutôt sur www.linge-pas-cher-exemple.com c'est trois fois moins cher !!!", 1),
    ("Appelez-moi", "Bonjour, je n'arrive pas à modifier mon adresse de livraison, merci de me rappeler au 06 12 34 56 78.", 3),
]
REPLIES = [
    "Bonjour, nous sommes vraiment désolés de votre déconvenue. Ce n'est pas la tenue que nous attendons de nos tissus : notre service client va vous contacter pour vous proposer un échange ou un remboursement. — Thomas, service client",
    "Bonjour, merci d'avoir pris le temps de nous écrire. Nous avons transmis votre retour à l'atelier pour analyser le lot concerné, et nous revenons vers vous par e-mail. — L'équipe des Toiles de Loire",
    "Bonjour, toutes nos excuses pour ce désagrément. Nous avons renforcé nos contrôles sur ce point et nous vous avons adressé un bon d'achat en compensation. — Thomas, service client",
    "Bonjour, merci pour ce retour précis. Nous prenons note de votre remarque sur la taille et allons compléter le guide des tailles de la fiche produit. — Léa, pour l'équipe",
]

RETURNS = [  # state, scope, reason, (delivered between)
    ("refunded", "full", "Le drap housse est trop petit pour notre matelas avec surmatelas (32 cm au total). Nous souhaitons un remboursement.", (__import__("datetime").date(2026, 1, 10), __import__("datetime").date(2026, 3, 31))),
    ("refunded", "one", "La couleur de la serviette terracotta ne correspond pas à celle de notre salle de bain. Article non utilisé, encore dans son emballage.", (__import__("datetime").date(2026, 4, 1), __import__("datetime").date(2026, 6, 30))),
    ("refunded", "full", "Exercice du droit de rétractation : cadeau en double, article jamais déballé.", (__import__("datetime").date(2025, 12, 26), __import__("datetime").date(2026, 1, 31))),
    ("received", "one", "Défaut de tissage visible sur la housse de couette (fil tiré sur toute la largeur).", (__import__("datetime").date(2026, 9, 20), __import__("datetime").date(2026, 10, 8))),
    ("accepted", "one", "La taille L/XL est trop petite, je souhaite l'échanger contre une autre taille ou être remboursé.", (__import__("datetime").date(2026, 10, 5), __import__("datetime").date(2026, 10, 16))),
    ("requested", "full", "Le colis est arrivé avec le carton déchiré et la nappe présente une tache grasse. Je souhaite renvoyer l'article.", (__import__("datetime").date(2026, 10, 18), __import__("datetime").date(2026, 10, 24))),
    ("refused", "one", "Après trois mois d'utilisation, le plaid ne me plaît plus, je voudrais le retourner.", (__import__("datetime").date(2026, 3, 1), __import__("datetime").date(2026, 5, 31))),
    ("requested", "one", "Article reçu ne correspondant pas à ma commande : j'ai reçu la taille 140 x 190 au lieu de 160 x 200.", (__import__("datetime").date(2026, 10, 20), __import__("datetime").date(2026, 10, 27))),
]

ORDER_NOTES = [
    "Merci de laisser le colis chez la voisine au n° 12 en cas d'absence.",
    "C'est un cadeau : pouvez-vous ne pas mettre la facture dans le colis ?",
    "Digicode 4512B, 3e étage gauche.",
    "Pouvez-vous ajouter un petit mot « Joyeux anniversaire Maman » ? Merci !",
    "Livraison de préférence après 17 h.",
    "Initiales à broder : C.M. en bleu Loire.",
    "Merci de bien protéger la nappe, c'est pour un mariage le 14.",
    "Facture au nom de la société, merci.",
    "Je passerai retirer la commande samedi matin.",
    "Colis à déposer dans la boîte aux lettres grand format.",
    "Cadeau de naissance, merci de soigner l'emballage.",
    "Merci d'éviter le mercredi, je ne suis pas là.",
]

# Customer-service threads. Messages: (employee_id or None for the customer, private, text)
THREADS = [
    dict(kind="late", contact=1, subject="Colis toujours pas reçu", status="open", after=6, messages=[
        (None, 0, "Bonjour,\n\nJ'ai passé la commande {ref} le {date} et le suivi indique « en cours d'acheminement » depuis cinq jours. Je devais l'offrir ce week-end. Pouvez-vous me dire où en est mon colis ?\n\nMerci d'avance,\n{first}")]),
    dict(kind="lost", contact=1, subject="Colis perdu ?", status="closed", assigned=4, after=7, messages=[
        (None, 0, "Bonjour, ma commande {ref} est indiquée comme expédiée depuis une semaine mais le suivi Colissimo ne bouge plus. Que se passe-t-il ?"),
        (4, 0, "Bonjour {first},\n\nNous avons ouvert une enquête auprès de La Poste. Ils disposent de 10 jours pour retrouver le colis. Nous revenons vers vous dès que nous avons leur réponse.\n\nThomas, service client"),
        (4, 1, "Enquête Colissimo ouverte. Relancer si pas de réponse sous 10 jours, puis rembourser intégralement (port compris)."),
        (4, 0, "Bonjour {first},\n\nLa Poste a confirmé la perte de votre colis. Nous avons procédé au remboursement intégral de votre commande, frais de port compris ; il apparaîtra sur votre compte sous 3 à 5 jours. Toutes nos excuses pour ce contretemps.\n\nThomas")]),
    dict(kind="product", product="TDL-DH-001", customer=None, email="m.lemarchand@exemple.fr", first="Martine",
         date="2026-10-27 21:14:00", contact=1, subject="Taille de drap housse pour matelas 35 cm", status="open", messages=[
        (None, 0, "Bonjour,\n\nNous venons d'acheter un matelas de 160 x 200 de 25 cm avec un surmatelas de 10 cm. Votre drap housse en lin lavé (bonnets de 30 cm) conviendra-t-il ? Sinon, pouvez-vous en fabriquer un sur mesure ?\n\nCordialement,\nMartine Lemarchand")]),
    dict(kind="return:requested", contact=1, subject="Nappe tachée à la réception", status="open", messages=[
        (None, 0, "Bonjour,\n\nJ'ai reçu ma commande {ref} mais le carton était déchiré et la nappe présente une grosse tache grasse. J'ai fait une demande de retour sur mon compte. Je joins une photo. Pouvez-vous me renvoyer une nappe rapidement ? C'est pour un repas de famille le 8 novembre.\n\n{first}")]),
    dict(kind="pro", contact=3, subject="Demande de facture et devis", status="pending1", assigned=2, messages=[
        (None, 0, "Bonjour,\n\nPourriez-vous m'envoyer la facture de la commande {ref} au nom de l'établissement, avec notre numéro de TVA ? Par ailleurs, nous ouvrons deux nouvelles chambres au printemps : pouvez-vous nous faire un devis pour 4 parures complètes en 160 x 200 et 12 serviettes ?\n\nBien cordialement,\n{first}"),
        (2, 0, "Bonjour {first},\n\nVous trouverez la facture dans votre espace client, rubrique « Historique et détails de mes commandes ». Je vous prépare le devis et vous l'envoie d'ici vendredi.\n\nJulien Moreau, responsable e-commerce"),
        (2, 1, "Devis à faire : 4 x (DH-002 160x200 + HC-001 240x220 + 2 TO-002) + 12 x SB-001. Appliquer tarif pro + PRO15.")]),
    dict(kind="delivered", contact=1, subject="Défaut sur un produit", status="closed", assigned=4, after=4, messages=[
        (None, 0, "Bonjour, en déballant ma commande {ref}, j'ai remarqué une couture défaite sur environ 5 cm sur « {line} ». Que puis-je faire ?"),
        (4, 0, "Bonjour {first},\n\nMerci de nous avoir prévenus, et toutes nos excuses. Nous vous envoyons dès aujourd'hui un article de remplacement ; vous pouvez garder celui-ci ou le déposer dans un point relais avec l'étiquette prépayée jointe au colis.\n\nThomas, service client"),
        (None, 0, "Merci beaucoup pour votre réactivité, bien reçu le nouvel article !")]),
    dict(kind="pending", contact=1, subject="Paiement par chèque", status="open", messages=[
        (None, 0, "Bonjour, j'ai choisi le paiement par chèque pour ma commande {ref}. À quel ordre dois-je le libeller et à quelle adresse l'envoyer ? Et la commande part-elle dès réception ?\n\nMerci,\n{first}")]),
    dict(kind="product", product="TDL-CO-004", customer=None, email="paul.garnier@courriel.fr", first="Paul",
         date="2026-10-29 18:02:00", contact=1, subject="Coussin de sol : date de disponibilité", status="open", messages=[
        (None, 0, "Bonjour, le coussin de sol en coton tressé est indiqué « disponible le 15/12/2026 ». Si je le commande maintenant, serai-je livré avant Noël ? Et puis-je le faire livrer directement chez mes parents à Rennes ?\n\nPaul Garnier")]),
    dict(kind="return:refused", contact=1, subject="Refus de mon retour", status="closed", assigned=4, messages=[
        (None, 0, "Bonjour, je ne comprends pas pourquoi ma demande de retour sur la commande {ref} a été refusée. Le plaid est en parfait état."),
        (4, 0, "Bonjour {first},\n\nLe délai de rétractation de 14 jours (prolongé à 30 jours par nos conditions de vente) était dépassé : votre commande a été livrée il y a plus de trois mois. Nous ne pouvons donc pas accepter ce retour, mais nous restons à votre disposition si le produit présentait un défaut, couvert par la garantie légale de conformité.\n\nThomas, service client")]),
    dict(kind="product", product="TDL-PL-001", customer=None, email="isabelle.roux@mail.fr", first="Isabelle",
         date="2026-10-30 09:41:00", contact=1, subject="Plaid en laine et allergie", status="open", messages=[
        (None, 0, "Bonjour, ma fille est allergique à la laine de mouton « classique ». La laine des Pyrénées est-elle traitée différemment ? Avez-vous un plaid sans laine aussi chaud ?\n\nIsabelle")]),
    dict(kind="demo", contact=1, subject="Modifier l'adresse de livraison", status="open", messages=[
        (None, 0, "Bonjour, je viens de passer la commande {ref}. Est-il encore possible de la faire livrer à mon adresse de travail (enregistrée dans mon compte) plutôt qu'à mon domicile ?\n\nCamille Martin")]),
    dict(kind="return:accepted", contact=1, subject="Échange de taille de peignoir", status="pending2", assigned=3, messages=[
        (None, 0, "Bonjour, mon retour a été accepté pour la commande {ref}. Puis-je recevoir la taille au-dessus en échange plutôt qu'un remboursement ?"),
        (3, 0, "Bonjour {first},\n\nC'est tout à fait possible. Dès réception de votre colis retour à l'atelier, nous vous expédions la nouvelle taille. Pensez à bien indiquer votre numéro de commande dans le colis.\n\nSandrine, logistique")]),
    dict(kind=None, customer=None, email="contact@agence-web-exemple.fr", first="", date="2026-10-21 07:55:00", contact=2,
         subject="Proposition de référencement", status="closed", messages=[
        (None, 0, "Bonjour, notre agence propose d'améliorer votre référencement naturel grâce à des liens sponsorisés garantis en première page. Tarif de lancement : 99 € par mois. Souhaitez-vous un audit gratuit ?"),
        (2, 1, "Démarchage, pas de réponse. Fermé.")]),
    dict(kind=None, customer=None, email="b.vasseur@exemple.com", first="Bruno", date="2026-10-28 22:30:00", contact=2,
         subject="Impossible de me connecter", status="open", messages=[
        (None, 0, "Bonsoir, depuis hier je n'arrive plus à me connecter à mon compte : le site me dit que mon mot de passe est incorrect, et je ne reçois pas l'e-mail de réinitialisation. Pouvez-vous m'aider ?\n\nBruno Vasseur")]),
    dict(kind="delivered", contact=1, subject="Demande de facture", status="closed", assigned=4, after=10, messages=[
        (None, 0, "Bonjour, pouvez-vous m'envoyer la facture de ma commande {ref} ? Mon comité d'entreprise me la demande pour un remboursement partiel."),
        (4, 0, "Bonjour {first},\n\nVotre facture est téléchargeable au format PDF depuis votre compte, rubrique « Historique et détails de mes commandes ». Je vous l'ai également jointe à ce message.\n\nBonne journée,\nThomas")]),
    dict(kind="product", product="TDL-HC-001", customer=None, email="nadia.benali@boite.fr", first="Nadia",
         date="2026-10-25 14:12:00", contact=1, subject="Housse de couette : autres coloris ?", status="pending1", assigned=5, messages=[
        (None, 0, "Bonjour, la housse de couette en percale bio existe-t-elle en vert sauge, comme la version en gaze ? Je la voudrais en 240 x 220."),
        (5, 1, "À voir avec Antoine : le vert sauge en percale est prévu pour le printemps ? Répondre à la cliente après validation.")]),
]

SLIDES = [
    ("Le lin lavé, souple dès le premier jour", "Draps housses, housses de couette et taies tissés en Europe et cousus dans notre atelier de Cholet.", "/categorie/linge-de-lit"),
    ("Des tables qui racontent une histoire", "Nappes en lin enduit, jacquard « Loire » et torchons rayés de rouge comme le mouchoir de Cholet.", "/categorie/linge-de-table"),
    ("Un linge de bain dense et doux", "Éponge de coton bio 550 g/m² : des serviettes qui absorbent, sèchent vite et durent.", "/categorie/linge-de-bain"),
    ("Soirées plaid et coussins", "Nos plaids en laine des Pyrénées et nos housses de coussin pour des soirées d'automne bien au chaud.", "/categorie/plaids"),
]
REASSURANCE = [
    ("truck", "Livraison offerte dès 69 €", "En France métropolitaine, expédition sous 24 à 48 h ouvrées."),
    ("return", "Retours gratuits sous 30 jours", "Un article ne convient pas ? Retour simple avec étiquette prépayée."),
    ("lock", "Paiement 100 % sécurisé", "Carte bancaire, chèque ou virement, en toute confiance."),
    ("leaf", "Fabriqué à Cholet", "Tissus européens certifiés, confection dans notre atelier depuis 1962."),
]
CUSTOM_TEXT = ("Notre atelier, au cœur de Cholet",
               "Depuis 1962, Les Toiles de Loire tissent et cousent du linge de maison à Cholet, terre de tradition textile. Aujourd'hui, une équipe de quatorze personnes coupe, coud et expédie chaque commande depuis l'atelier de la rue des Tisserands. Nous choisissons des lins européens et des cotons biologiques certifiés, nous fabriquons en petites séries et nous réparons nos coutures gratuitement pendant deux ans : un linge fait pour durer, et pour être transmis.")
FOOTER_LINKS = [
    ("Nos produits", "Linge de lit", "/categorie/linge-de-lit"), ("Nos produits", "Linge de bain", "/categorie/linge-de-bain"),
    ("Nos produits", "Linge de table", "/categorie/linge-de-table"), ("Nos produits", "Idées cadeaux", "/categorie/idees-cadeaux"),
    ("Notre société", "Qui sommes-nous ?", "/page/qui-sommes-nous"), ("Notre société", "Nos engagements", "/page/nos-engagements"),
    ("Notre société", "Le blog de l'atelier", "/blog"), ("Notre société", "Guide des tailles", "/page/guide-des-tailles"),
]
SEARCHES = ["drap housse", "drap housse 160x200", "housse de couette", "lin lavé", "taie d'oreiller", "serviette",
            "peignoir", "nappe", "torchon", "plaid", "plaid laine", "coussin", "rideau", "rideau occultant",
            "housse de matelas", "couette", "oreiller", "drap housse 200x200", "nappe ronde", "bébé", "gigoteuse",
            "coffret", "tote bag", "tablier", "linge de lit lin", "serviette de plage", "drap plat", "vichy",
            "terracotta", "bleu", "satin", "percale", "gaze de coton", "mouchoir de cholet", "sac à pain",
            "carte cadeau", "parure", "housse de couette 240x220", "lin", "coton bio", "alèse", "protège matelas",
            "drap housse bébé", "cape de bain", "lange", "torchons lin", "serviettes de table", "chemin de table",
            "peignoire", "nape", "velours", "tapis de bain", "gant de toilette", "fouta", "trousse", "plaide",
            "jeté de lit", "édredon", "rideaux lin", "housse coussin", "drap", "taie", "traversin", "blanc", "écru"]


def settings():
    return {
        "shop.name": "Les Toiles de Loire",
        "shop.slogan": "Le linge qui a du fil à raconter",
        "shop.description": "Les Toiles de Loire fabriquent du linge de maison à Cholet depuis 1962. Linge de lit, de bain et de table, décoration et linge pour bébé : des pièces en lin européen et en coton biologique, coupées et cousues dans notre atelier, faites pour durer.",
        "shop.activity": "Fabrication et vente en ligne de linge de maison (lit, bain, table, décoration, enfants)",
        "shop.history": "L'aventure commence en 1962, quand Marcel Guérin, contremaître dans une filature choletaise, installe deux métiers à tisser dans un ancien entrepôt de la rue des Tisserands. L'atelier tisse d'abord des mouchoirs et des torchons pour les grossistes de la région, puis du linge de lit pour l'hôtellerie. Dans les années 2000, la concurrence internationale réduit l'activité à quelques commandes de sous-traitance. En 2015, sa petite-fille Hélène Guérin reprend l'entreprise, la transforme en SAS et la relance sous sa propre marque, avec une boutique en ligne et une collection de linge en lin lavé et en coton biologique. L'atelier compte aujourd'hui quatorze salariés et expédie ses colis dans toute l'Europe.",
        "shop.values": "Fabrication française d'abord : toutes nos pièces sont coupées et cousues à Cholet, à partir de tissus tissés en France ou en Europe. Des matières choisies : lin européen certifié Masters of Linen, coton biologique GOTS, laine des Pyrénées tracée. Des ateliers locaux et des partenaires que nous connaissons personnellement. La durabilité comme règle : petites séries, chutes recyclées en accessoires, coutures garanties deux ans. Et un service client proche, joignable par téléphone, qui connaît les produits parce qu'il les voit fabriquer.",
        "shop.founded": "1962",
        "shop.email": "contact@toiles-de-loire.fr",
        "shop.phone": "02 41 58 27 14",
        "shop.address": "18 rue des Tisserands",
        "shop.postcode": "49300",
        "shop.city": "Cholet",
        "shop.country": "France",
        "shop.legal_form": "SAS (société par actions simplifiée)",
        "shop.capital": "80 000 €",
        "shop.siret": "41287653900027",
        "shop.rcs": "RCS Angers 412 876 539",
        "shop.vat_number": "FR57412876539",
        "shop.director": "Hélène Guérin, présidente",
        "shop.host": "Le serveur du centre d'examen (plateforme E5, hébergement local de l'épreuve)",
        "color.primary": "#1F4E6B",
        "color.accent": "#C8643B",
        "color.background": "#F6F1E7",
        "color.text": "#22303A",
        "logo.media_id": "1",
        "icon.media_id": "2",
        "social.facebook": "https://www.facebook.com/toilesdeloire",
        "social.instagram": "https://www.instagram.com/toilesdeloire",
        "social.pinterest": "https://www.pinterest.fr/toilesdeloire",
        "social.linkedin": "https://www.linkedin.com/company/les-toiles-de-loire",
        "shipping.free_threshold_cents": "6900",
        "reading.posts_per_page": "6",
        "discussion.manual_approval": "1",
        "reviews.manual_approval": "1",
        "payment.cheque_payee": "SAS Les Toiles de Loire",
        "payment.cheque_address": "Les Toiles de Loire — Service commandes, 18 rue des Tisserands, 49300 Cholet",
        "payment.transfer_owner": "SAS Les Toiles de Loire",
        "payment.transfer_iban": "FR76 1470 6000 3200 1234 5678 942",
        "payment.transfer_bic": "AGRIFRPP847",
        "payment.transfer_bank": "Crédit Agricole Anjou Maine — agence de Cholet",
    }


README = open(__import__("pathlib").Path(__file__).with_name("README.fr.md"), encoding="utf-8").read()
