"""Blog articles, pages, terms and comments. Bodies use the Markdown subset described in reference-site/README.md.
Images are written `media:@key` (key = workshop scene name, product reference or blog:<slug>) and resolved to ids."""

TERMS = [
    (1, "category", "Conseils d'entretien", "conseils-entretien", "Laver, sécher, ranger : nos conseils pour faire durer votre linge.", None),
    (2, "category", "Coulisses de l'atelier", "coulisses-atelier", "La vie de l'atelier de Cholet, nos partenaires et nos savoir-faire.", None),
    (3, "category", "Inspirations déco", "inspirations-deco", "Idées de décoration, tendances et mises en scène.", None),
    (4, "category", "Actualités", "actualites", "Nouveautés, soldes, événements et vie de l'entreprise.", None),
    (5, "category", "Guides d'achat", "guides-achat", "Bien choisir ses tailles, ses matières et ses cadeaux.", None),
    (6, "tag", "lin", "lin", "", None), (7, "tag", "coton bio", "coton-bio", "", None),
    (8, "tag", "made in France", "made-in-france", "", None), (9, "tag", "cadeaux", "cadeaux", "", None),
    (10, "tag", "chambre", "chambre", "", None), (11, "tag", "bébé", "bebe", "", None),
    (12, "tag", "salle de bain", "salle-de-bain", "", None), (13, "tag", "art de la table", "art-de-la-table", "", None),
    (14, "tag", "durabilité", "durabilite", "", None), (15, "tag", "savoir-faire", "savoir-faire", "", None),
    (16, "tag", "soldes", "soldes", "", None), (17, "tag", "laine", "laine", "", None),
]

POSTS = []


def post(**kw):
    POSTS.append(kw)


post(id=21, title="Comment entretenir son linge en lin", slug="entretenir-linge-lin", published_at="2025-11-06 10:00:00",
     author_id=5, sticky=True, terms=["category:conseils-entretien", "tag:lin", "tag:durabilite"],
     excerpt="Lavage, séchage, repassage (ou pas) : nos conseils d'atelier pour garder un linge en lin souple et beau pendant des années.",
     meta_title="Comment entretenir le linge en lin : lavage, séchage, repassage",
     meta_description="Température de lavage, lessive, séchage, repassage : tous nos conseils d'atelier pour entretenir votre linge en lin et le garder souple des années.",
     focus_keyword="entretenir linge lin", img_alt="Draps en lin pliés sur fond écru",
     body="""
Le lin a mauvaise réputation : il serait fragile, difficile à laver, impossible à repasser. C'est tout le contraire. Le lin est l'une des fibres les plus solides qui soient, et il **s'embellit avec le temps**. Encore faut-il le traiter avec un peu d'attention. Voici les conseils que nous donnons à nos proches.

## Le premier lavage

Lavez votre linge en lin avant la première utilisation, seul ou avec des couleurs proches. Même s'il a déjà été lavé à l'atelier, ce premier passage en machine finit d'ouvrir la fibre : le tissu gagne en souplesse et en douceur.

## Lavage : 40 °C suffisent

- Lavez à **40 °C maximum** pour les couleurs, 60 °C pour le blanc et l'écru si nécessaire.
- Choisissez une lessive douce, liquide de préférence, sans azurant optique.
- Bannissez l'eau de Javel, qui attaque la fibre et la jaunit.
- Oubliez l'assouplissant : il gaine les fibres et réduit le pouvoir absorbant du lin. Un demi-verre de vinaigre blanc dans le bac fait très bien l'affaire.
- Ne surchargez pas le tambour : le lin a besoin de place pour bouger.

![Linge qui sèche au soleil](media:@etendage "Le séchage à l'air libre, le meilleur allié du lin")

## Séchage : doucement

Le lin supporte le sèche-linge à basse température. L'astuce de l'atelier : **sortez-le encore légèrement humide**, secouez-le vigoureusement et étendez-le ou mettez-le directement en place sur le lit. Les plis s'effacent d'eux-mêmes. Séché trop longtemps, il devient cartonneux ; il suffit alors de le réhumidifier légèrement.

## Repasser ou non ?

Notre lin lavé est fait pour être porté froissé : c'est son charme. Si vous préférez un rendu net, repassez-le encore humide, à fer chaud, sur l'envers pour les couleurs foncées.

## Ranger son linge

Rangez votre linge bien sec, dans une armoire aérée, à l'abri de la lumière directe qui peut faire pâlir les couleurs. Un sachet de lavande éloigne les mites et parfume délicatement les draps.

> Un drap en lin bien entretenu dure vingt ans. C'est le linge des trousseaux, celui qu'on se transmet.

Une question sur un de nos produits ? Chaque fiche détaille la composition et les consignes d'entretien, et [notre service client](/page/contact) se fera un plaisir de vous répondre.
""")

post(id=22, title="Quelle taille de drap housse choisir ? Le guide complet", slug="bien-choisir-taille-drap-housse",
     published_at="2025-11-18 09:30:00", author_id=5, terms=["category:guides-achat", "tag:chambre"],
     excerpt="90 x 190, 160 x 200, bonnets de 30 cm… Comment mesurer son matelas et choisir le bon drap housse du premier coup.",
     meta_title="Quelle taille de drap housse choisir pour son matelas ?",
     meta_description="Largeur, longueur, hauteur du bonnet : notre méthode pour mesurer votre matelas et choisir la bonne taille de drap housse et de housse de couette.",
     focus_keyword="taille drap housse", img_alt="",
     body="""
Un drap housse trop petit qui saute au milieu de la nuit, un autre trop grand qui fait des plis : le choix de la taille est la première cause de retour dans notre atelier. Bonne nouvelle, il suffit d'un mètre ruban et de deux minutes.

## Mesurer son matelas

1. Mesurez la **largeur** du matelas : 90, 140, 160 ou 180 cm le plus souvent.
2. Mesurez sa **longueur** : 190 ou 200 cm.
3. Mesurez son **épaisseur**, surmatelas compris. C'est la mesure que l'on oublie, et c'est pourtant elle qui fait tout.

## Les correspondances

- Lit une personne : drap housse **90 x 190 cm**.
- Lit deux personnes classique : **140 x 190 cm**.
- Lit « queen size » : **160 x 200 cm**, la taille la plus vendue aujourd'hui.
- Lit « king size » : **180 x 200 cm**, ou deux matelas de 90 x 200 cm.

Nos draps housses ont des **bonnets de 30 cm** : ils conviennent aux matelas jusqu'à 27 cm d'épaisseur, ou à un matelas de 22 cm avec un surmatelas de 5 cm.

## Et la housse de couette ?

La housse de couette se choisit selon la taille de la couette, pas celle du lit. Pour un lit de 140 ou 160 cm, une couette de **240 x 220 cm** est idéale ; comptez 260 x 240 cm pour un lit de 180 cm ou si vous aimez que la couette retombe généreusement sur les côtés.

![Pile de draps pliés](media:@TDL-DH-001 "Le drap housse en lin lavé existe en quatre tailles")

## Nos conseils

Entre deux tailles, prenez la plus grande : le lin et la percale ne rétrécissent presque pas chez nous, car nos tissus sont prélavés. Et si votre matelas sort de l'ordinaire, écrivez-nous : l'atelier réalise des draps sur mesure.

Retrouvez tous les tableaux de correspondance dans notre [guide des tailles](/page/guide-des-tailles).
""")

post(id=23, title="Percale, satin ou lin : quelle matière pour vos draps ?", slug="percale-satin-lin-quelle-matiere",
     published_at="2025-12-04 10:00:00", author_id=6, terms=["category:guides-achat", "tag:lin", "tag:coton-bio", "tag:chambre"],
     excerpt="Fraîcheur de la percale, douceur du satin, caractère du lin : trois matières, trois façons de dormir.",
     meta_title="Percale, satin de coton ou lin : comment choisir ses draps",
     focus_keyword="percale satin lin", img_alt="Draps de différentes matières",
     body="""
À l'atelier, on nous pose souvent la question : « Quelle est la meilleure matière pour des draps ? » Il n'y a pas de meilleure matière, il y a celle qui vous correspond. Tout dépend de votre façon de dormir, de la température de votre chambre et de votre rapport au fer à repasser.

## La percale : fraîche et nette

La percale est un tissage serré de coton, en armure toile : un fil dessus, un fil dessous. Elle donne un tissu **mat, frais et légèrement craquant**, celui des grands hôtels. C'est le choix idéal si vous avez chaud la nuit. Elle supporte les lavages à 60 °C et se bonifie avec le temps. Son seul défaut : elle se froisse et demande un coup de fer si vous aimez les lits impeccables.

## Le satin de coton : doux et fluide

Le satin est tissé de façon à faire flotter davantage de fils en surface. Résultat : un tissu **fluide, légèrement brillant, très doux**. Plus chaud que la percale, il convient aux frileux et aux chambres fraîches. Il se froisse peu.

## Le lin : thermorégulateur et durable

Le lin est la fibre des étés chauds et des hivers douillets : il **évacue l'humidité** et régule la température. Sa fibre longue le rend presque inusable. Lavé à la pierre, notre lin est souple dès le premier jour et se porte froissé, sans repassage. Il coûte plus cher, mais il dure deux à trois fois plus longtemps qu'un coton standard.

![Un métier à tisser chargé de fils](media:@metier "Le tissage détermine le toucher du drap autant que la fibre")

## En résumé

- Vous avez chaud la nuit : **percale** ou **lin**.
- Vous êtes frileux : **satin** ou **lin**.
- Vous détestez repasser : **lin lavé** ou **gaze de coton**.
- Vous cherchez la durabilité avant tout : **lin**.

Et si vous hésitez encore, commencez par une taie d'oreiller : c'est la meilleure façon de tester une matière.
""")

post(id=24, title="Une journée dans notre atelier de Cholet", slug="journee-atelier-cholet", published_at="2026-01-15 09:00:00",
     author_id=6, terms=["category:coulisses-atelier", "tag:made-in-france", "tag:savoir-faire"],
     excerpt="De la réception des rouleaux à l'expédition des colis, suivez Antoine, notre chef d'atelier, dans une journée ordinaire rue des Tisserands.",
     meta_title="Une journée dans l'atelier des Toiles de Loire à Cholet",
     meta_description="Découpe, couture, contrôle, emballage : suivez une journée de travail dans notre atelier de linge de maison de Cholet, rue des Tisserands.",
     focus_keyword="atelier linge Cholet", img_alt="L'atelier de Cholet",
     body="""
Il est 7 h 30 rue des Tisserands. Antoine Pineau, notre chef d'atelier, allume les machines et fait le tour des tables de coupe. Tisserand de formation, il est entré dans l'entreprise il y a trente ans, à l'époque où l'on tissait encore des mouchoirs pour les grossistes de la région.

## 8 h : la coupe

Les rouleaux de lin et de percale arrivent des tissages partenaires, dans les Vosges, le Nord et en Belgique. Avant d'être coupé, chaque rouleau est déroulé sur la table de visite : on cherche les fils tirés, les nœuds, les différences de teinte.

![La table de coupe de l'atelier](media:@atelier "Chaque pièce est tracée et coupée à la main")

La coupe se fait au couteau électrique, en matelas de vingt épaisseurs pour les draps housses, à la main pour les petites séries. « Une coupe ratée, c'est un drap perdu, explique Antoine. On mesure deux fois, on coupe une fois. »

## 10 h : la couture

Huit couturières se partagent les postes : surjeteuses, machines à coudre plates, et une vieille machine à jour échelle que nous avons restaurée pour nos taies brodées. Chaque drap housse demande une vingtaine de minutes : ourlets, élastique, coins renforcés par une double piqûre.

## 14 h : le contrôle et le lavage

Toutes les pièces en lin passent ensuite par le lavage à la pierre, qui leur donne leur souplesse. Puis vient le contrôle : Sandrine et son équipe vérifient les coutures, les dimensions et l'aspect de chaque pièce avant de la plier.

## 16 h : les colis

Les commandes passées la veille sont préparées l'après-midi. Papier de soie recyclé, carton recyclé, étiquette imprimée à l'atelier : aucun plastique. Le transporteur passe à 17 h 15.

> « Ce que j'aime, c'est savoir que ce drap va dormir chez quelqu'un pendant vingt ans. » — Antoine

Vous passez par Cholet ? L'atelier ouvre ses portes le premier samedi de chaque mois, de 10 h à 12 h. Il suffit de nous prévenir via la [page contact](/page/contact).
""")

post(id=25, title="Le mouchoir de Cholet, un symbole tissé de rouge et de blanc", slug="histoire-mouchoir-de-cholet",
     published_at="2026-02-05 10:00:00", author_id=5, terms=["category:coulisses-atelier", "tag:savoir-faire", "tag:made-in-france"],
     excerpt="Blanc à liteaux rouges, le mouchoir de Cholet est devenu l'emblème de toute une région. Nous lui rendons hommage dans nos torchons et nos coussins.",
     meta_title="L'histoire du mouchoir de Cholet, emblème rouge et blanc",
     meta_description="Né dans les tissages des Mauges, le mouchoir de Cholet rouge et blanc est devenu un symbole. Son histoire, et comment nos torchons lui rendent hommage.",
     focus_keyword="mouchoir de Cholet", img_alt="",
     body="""
Impossible de parler de textile à Cholet sans évoquer le mouchoir. Blanc, bordé de liteaux rouges, il est connu bien au-delà de l'Anjou et figure même sur les maillots du club de basket de la ville.

## Une région de tisserands

Dès le XVIIIe siècle, les campagnes autour de Cholet vivent du tissage. Dans les fermes des Mauges, on tisse à domicile, l'hiver, le lin et le chanvre cultivés sur place. Mouchoirs, toiles et linge de maison partent ensuite vers les foires de tout l'Ouest.

## La légende du rouge et du blanc

La légende raconte que les liteaux rouges rendent hommage au sang versé pendant les guerres de Vendée, sur le fond blanc de la royauté. Elle a été popularisée au début du XXe siècle par une chanson de Théodore Botrel, et le mouchoir est devenu le symbole de la ville. Les historiens sont plus prudents, mais l'image est restée.

## Dans notre atelier

Nos premiers métiers, en 1962, tissaient justement des mouchoirs pour les grossistes de la région. Quand nous avons relancé la marque, il nous a semblé naturel de rendre hommage à ce motif. Il se retrouve aujourd'hui sur deux de nos pièces :

- le [torchon en lin « Pur Cholet »](/produit/torchon-lin-pur-cholet-rayure-rouge), tissé de liteaux rouges ;
- la [housse de coussin brodée « Mouchoir de Cholet »](/produit/housse-coussin-brodee-mouchoir-cholet), brodée au point lancé d'après un mouchoir de 1900.

![Torchon à rayures rouges](media:@TDL-TC-001 "Le torchon « Pur Cholet », notre best-seller")

Pour en savoir plus, le musée du Textile et de la Mode de Cholet, installé dans une ancienne blanchisserie au bord de la Sèvre, raconte toute cette histoire. Une visite que nous recommandons à tous nos visiteurs.
""")

post(id=26, title="Tendances déco chambre 2026 : matières naturelles et couleurs de terre", slug="tendances-deco-chambre-2026",
     published_at="2026-02-26 10:00:00", author_id=5, terms=["category:inspirations-deco", "tag:chambre", "tag:lin"],
     excerpt="Terracotta, vert sauge, bleu profond et beaucoup de lin : les tendances qui font de la chambre un refuge en 2026.",
     meta_title="Tendances déco chambre 2026 : couleurs et matières",
     meta_description="Couleurs de terre, lin lavé, superpositions de textures : les tendances déco chambre 2026 et nos idées pour les adopter sans tout changer.",
     focus_keyword="tendances déco chambre", img_alt="Chambre aux couleurs terracotta",
     body="""
La chambre n'est plus seulement la pièce où l'on dort : elle devient un refuge, un lieu pour lire, se reposer, ralentir. Les tendances 2026 le confirment, avec des matières brutes et des couleurs qui apaisent.

## Les couleurs de terre

La **terracotta** reste la star : chaude, lumineuse, elle s'accorde avec le bois clair, le rotin et le blanc cassé. On la voit en housse de couette, en coussin ou en simple plaid au pied du lit. Autour d'elle, les ocres, les sables et les bruns doux composent des chambres enveloppantes.

## Le vert sauge et le bleu profond

Pour ceux qui préfèrent les tons froids, le **vert sauge** apporte une note végétale, calme et lumineuse. Le **bleu profond**, notre bleu Loire, structure la pièce et se marie avec le blanc et l'écru pour un esprit plus classique.

## Le lin partout

Le lin lavé, avec son froissé naturel, est devenu la signature des chambres d'aujourd'hui. Il assume l'imperfection et apporte une élégance décontractée. Pas besoin de refaire toute sa parure : une housse de couette en lin suffit à changer l'allure d'un lit.

![Housse de couette terracotta](media:@TDL-HC-002 "La housse de couette en lin lavé terracotta")

## Superposer les textures

L'astuce des décorateurs : jouer les superpositions. Un drap housse en lin écru, une housse de couette en gaze vert sauge, des taies en percale blanche, un plaid en laine gris chiné. Les matières se répondent, le lit prend du volume.

## Nos idées pour adopter la tendance

- Changer seulement les taies et ajouter deux housses de coussin de couleur.
- Jouer le ton sur ton : écru, sable et blanc.
- Oser un contraste : bleu Loire et terracotta.

Et vous, quelle couleur pour votre chambre cette année ?
""")

post(id=27, title="Dresser une belle table de fête", slug="dresser-belle-table-de-fete", published_at="2025-12-11 10:00:00",
     author_id=5, terms=["category:inspirations-deco", "tag:art-de-la-table", "tag:cadeaux"],
     excerpt="Nappe, serviettes, chemin de table : nos conseils pour une table de fête élégante, sans en faire trop.",
     meta_title="Comment dresser une belle table de fête : nos conseils",
     meta_description="Nappe, serviettes en lin, chemin de table et petits détails : nos conseils pour dresser une table de fête élégante et chaleureuse à Noël.",
     focus_keyword="dresser table de fête", img_alt="Table dressée avec une nappe",
     body="""
Les repas de fêtes approchent, et avec eux la question rituelle : comment dresser la table ? Nul besoin d'un service en porcelaine de famille pour réussir son effet. Le linge de table fait déjà la moitié du travail.

## Commencer par la nappe

Une belle nappe donne le ton. Pour un repas classique, la **nappe jacquard blanche** crée une ambiance lumineuse et raffinée. Pour une table plus décontractée, une nappe en lin coloré, terracotta ou bleu, réchauffe la pièce. Prévoyez une retombée d'environ 25 cm de chaque côté de la table.

## Les serviettes, un détail qui change tout

Des serviettes en tissu, même simples, transforment une table. En lin lavé, elles n'ont pas besoin d'être repassées : pliez-les simplement en rectangle et posez-les sur l'assiette, nouées d'un brin de romarin ou d'un ruban de coton.

![Une table dressée](media:@TDL-NA-002 "La nappe jacquard « Loire » pour les grandes tablées")

## Le chemin de table pour structurer

Sur une nappe unie ou sur une table en bois nu, un chemin de table en lin naturel trace une ligne qui guide le regard. Posez-y quelques bougies, des branches de sapin, des clémentines : c'est simple et chaleureux.

## Nos astuces de dernière minute

- Repassez la nappe directement sur la table, avec une serviette épaisse en dessous, pour éviter les plis du pliage.
- Mélangez les matières : lin, verre, grès, bois.
- Pensez à la hauteur des décorations pour que les convives puissent se voir.
- Gardez une serviette de rechange à portée de main pour les petits accidents.

> Une table de fête réussie, c'est une table où l'on a envie de rester longtemps.

Et après le repas ? Un trempage à l'eau froide et au savon de Marseille vient à bout de la plupart des taches de vin, à condition d'agir vite.
""")

post(id=28, title="Liste de naissance : le linge essentiel pour bébé", slug="liste-naissance-linge-bebe", published_at="2026-03-12 10:00:00",
     author_id=5, terms=["category:guides-achat", "tag:bebe", "tag:coton-bio", "tag:cadeaux"],
     excerpt="Gigoteuses, langes, draps housses, capes de bain : ce dont bébé a vraiment besoin, et en quelle quantité.",
     meta_title="Liste de naissance : quel linge prévoir pour bébé ?",
     meta_description="Langes, gigoteuses, draps housses, capes de bain : la liste du linge vraiment utile pour accueillir bébé, avec les quantités conseillées.",
     focus_keyword="linge bébé liste de naissance", img_alt="Linge de bébé en gaze de coton",
     body="""
Préparer l'arrivée d'un bébé, c'est aussi préparer une pile de linge… souvent trop haute. Voici la liste de ce qui sert vraiment, établie avec les jeunes parents de l'équipe.

## Pour dormir

- **3 draps housses** 60 x 120 cm : un sur le lit, un au sale, un de secours pour les nuits agitées.
- **2 gigoteuses** adaptées à la saison : 1 TOG pour une chambre à 20-24 °C, 2,5 TOG en hiver.
- Pas de couette ni d'oreiller avant 18 mois : c'est la recommandation des pédiatres.

## Pour le bain

- **2 capes de bain** à capuche, plus pratiques qu'une serviette classique.
- Quelques gants de toilette doux.

## Les langes, indispensables

On n'en a jamais assez : comptez **6 à 8 langes** en gaze de coton. Ils servent de bavoir, de protège-épaule, de doudou, de couverture légère ou de pare-soleil sur la poussette.

![Linge pour bébé](media:@TDL-CF-001 "Le coffret naissance « Premiers câlins »")

## Pourquoi le coton bio ?

La peau des nouveau-nés est jusqu'à cinq fois plus fine que celle d'un adulte. Le coton biologique certifié **GOTS** garantit l'absence de pesticides à la culture et de substances nocives à la teinture et à l'ennoblissement. Lavez toujours le linge avant la première utilisation, sans assouplissant.

## Le bon cadeau

Vous cherchez un cadeau de naissance ? Notre [coffret « Premiers câlins »](/produit/coffret-naissance-premiers-calins) réunit une cape de bain, un drap housse et trois langes, dans une boîte en carton recyclé avec un mot manuscrit.
""")

post(id=29, title="Coton bio et label GOTS : ce que ça change vraiment", slug="coton-bio-label-gots", published_at="2026-04-02 10:00:00",
     author_id=1, terms=["category:coulisses-atelier", "tag:coton-bio", "tag:durabilite"],
     excerpt="Que garantit vraiment le label GOTS ? Pourquoi notre coton est-il plus cher ? Hélène Guérin répond sans détour.",
     meta_title="Coton bio et label GOTS : ce qu'il garantit vraiment",
     meta_description="Culture sans pesticides, teintures contrôlées, conditions de travail : ce que garantit le label GOTS et pourquoi nous l'avons choisi pour notre coton.",
     focus_keyword="coton bio GOTS", img_alt="Bobines de fil de coton",
     body="""
« Bio », « naturel », « responsable » : les étiquettes textiles se couvrent de mots rassurants. Lorsque nous avons relancé l'atelier en 2015, nous avons décidé de ne parler que de ce qui est vérifiable. Pour le coton, cela s'appelle **GOTS**.

## Ce que garantit le label

Le Global Organic Textile Standard certifie toute la chaîne, du champ au produit fini :

1. Au moins **70 % de fibres biologiques** (95 % pour le niveau « organic », celui de nos produits).
2. Aucun pesticide ni engrais de synthèse à la culture, pas d'OGM.
3. Des teintures et des apprêts sans métaux lourds, sans formaldéhyde, sans solvants toxiques.
4. Le traitement des eaux usées dans les usines de teinture.
5. Des critères sociaux : pas de travail des enfants, salaires décents, sécurité.

Chaque étape, filature, tissage, teinture et confection, est contrôlée par un organisme indépendant. Notre atelier de Cholet est lui-même audité chaque année.

![Bobines de fil](media:@bobines "Des fils certifiés, de la filature à l'atelier")

## Pourquoi c'est plus cher

Le coton bio représente moins de 2 % de la production mondiale. Les rendements sont plus faibles, la traçabilité a un coût et les contrôles aussi. Ajoutez-y une confection en France, et vous comprenez l'écart de prix avec un drap fabriqué à l'autre bout du monde.

## Ce que ça change pour vous

Un linge qui n'irrite pas les peaux sensibles, qui dure plus longtemps parce que la fibre n'a pas été agressée par les traitements chimiques, et la certitude d'un produit fabriqué dans des conditions dignes.

> Nous préférons vendre moins de draps, mais des draps dont nous connaissons toute l'histoire. — Hélène Guérin
""")

post(id=30, title="Des serviettes éponge toujours moelleuses : nos 7 conseils", slug="serviettes-eponge-moelleuses",
     published_at="2026-04-23 10:00:00", author_id=5, terms=["category:conseils-entretien", "tag:salle-de-bain", "tag:coton-bio"],
     excerpt="Vos serviettes deviennent rêches et n'absorbent plus ? Sept gestes simples pour leur rendre leur douceur.",
     meta_title="Comment garder des serviettes éponge douces et absorbantes",
     focus_keyword="serviettes éponge douces", img_alt="Serviettes éponge pliées",
     body="""
Une serviette éponge rêche, qui étale l'eau au lieu de l'absorber : c'est presque toujours une question d'entretien. Voici nos sept conseils d'atelier.

## 1. Lavez-les avant la première utilisation

Les fibres de coton gonflent au contact de l'eau. Une serviette neuve n'atteint son plein pouvoir absorbant qu'après **deux ou trois lavages**.

## 2. Oubliez l'assouplissant

C'est le conseil le plus important. L'assouplissant dépose un film gras sur les boucles : la serviette semble douce, mais elle n'absorbe plus. Remplacez-le par un demi-verre de vinaigre blanc.

## 3. Dosez moins de lessive

Trop de lessive laisse des résidus qui rigidifient le tissu. Suivez les doses pour une eau douce, même si votre machine est pleine.

## 4. Lavez à 60 °C

L'éponge de coton supporte très bien 60 °C : c'est la température qui élimine les bactéries et les odeurs d'humidité.

## 5. Ne surchargez pas le tambour

Les serviettes ont besoin d'espace pour être bien rincées. Un tambour rempli aux deux tiers, c'est l'idéal.

![Linge qui sèche](media:@etendage "Séchées au grand air, puis cinq minutes de tambour")

## 6. Le sèche-linge, votre allié

Contrairement au lin, l'éponge aime le sèche-linge : il redresse les boucles et rend le tissu gonflant. Séchage à l'air ? Secouez vivement la serviette avant de l'étendre, puis passez-la cinq minutes au tambour si possible.

## 7. Ne tirez pas sur les fils

Une boucle accrochée ? Coupez-la au ras avec des ciseaux, ne tirez jamais dessus.

Et si vos serviettes ont vraiment rendu l'âme, il est peut-être temps de passer à l'[éponge de coton bio 550 g/m²](/categorie/serviettes-de-bain).
""")

post(id=31, title="Fabriqué en France : ce que contient vraiment le prix d'un drap", slug="prix-drap-fabrique-en-france",
     published_at="2026-05-07 10:00:00", author_id=1, terms=["category:coulisses-atelier", "tag:made-in-france", "tag:durabilite"],
     excerpt="Matière, tissage, confection, transport, TVA : nous détaillons, euro par euro, le prix de notre drap housse en percale bio.",
     meta_title="Le vrai prix d'un drap fabriqué en France, détaillé",
     meta_description="Matière, tissage, confection à Cholet, emballage, TVA : nous détaillons euro par euro le prix de notre drap housse en percale de coton bio.",
     focus_keyword="prix drap fabriqué en France", img_alt="Draps pliés",
     body="""
Notre drap housse en percale de coton bio 140 x 190 cm est vendu **49,90 €**. C'est plus cher qu'en grande surface, et nous le savons. Alors plutôt que de longs discours, voici ce que contient ce prix.

## La décomposition

Pour un drap vendu 49,90 € TTC :

- **8,32 €** de TVA, reversés à l'État ;
- **9,10 €** de tissu : coton bio certifié, filé et tissé dans les Vosges ;
- **1,40 €** d'élastique, de fil et d'étiquettes ;
- **10,20 €** de confection : coupe, couture et contrôle à Cholet, par des salariées payées au-dessus du SMIC ;
- **1,60 €** d'emballage et de préparation ;
- **6,90 €** de coûts commerciaux : site internet, paiement sécurisé, publicité, service client ;
- **4,80 €** de frais généraux : loyer de l'atelier, énergie, assurance ;
- **7,58 €** de marge, qui finance les investissements, les nouvelles collections et les mauvaises années.

## Pourquoi nous publions ces chiffres

Parce que le « made in France » ne devrait pas être un argument marketing flou. Vous avez le droit de savoir ce que vous payez.

![L'atelier de Cholet](media:@atelier "La confection représente le premier poste de coût")

## Le coût par nuit

Un drap bas de gamme à 15 € dure en moyenne deux ans ; le nôtre, bien entretenu, au moins huit. Ramené à la nuit, notre drap coûte **moins de 2 centimes**. La durabilité est aussi une économie.

## Et les soldes ?

Nous faisons deux périodes de soldes par an, en janvier et en été, sur des fins de séries. Le reste de l'année, nos prix restent stables : nous préférons un prix juste toute l'année à des promotions permanentes.
""")

post(id=32, title="10 idées cadeaux autour du linge de maison", slug="idees-cadeaux-linge-de-maison", published_at="2025-11-20 10:00:00",
     author_id=5, terms=["category:guides-achat", "tag:cadeaux", "tag:made-in-france"],
     excerpt="Pour un anniversaire, une crémaillère ou Noël : dix cadeaux utiles, beaux et fabriqués en France, de 12 à 150 €.",
     meta_title="10 idées cadeaux linge de maison made in France",
     meta_description="Torchons, plaid en laine, coffret naissance, peignoir brodé : dix idées cadeaux utiles et fabriquées en France, pour tous les budgets, de 12 à 150 €.",
     focus_keyword="idées cadeaux linge de maison", img_alt="Coffret cadeau avec un ruban terracotta",
     img_caption="Tous nos cadeaux sont emballés dans du papier recyclé",
     body="""
Offrir du linge de maison, c'est offrir un objet qui servira tous les jours pendant des années. Voici notre sélection, par budget.

## Moins de 30 €

1. **Le torchon « Pur Cholet »** (12,90 €) : un petit cadeau plein d'histoire, rayé de rouge comme le mouchoir de Cholet.
2. **Le tote bag** (19,90 €) : pratique, solide, fabriqué avec les chutes de notre atelier.
3. **Le sac à pain en lin** (19,90 €) : pour les amoureux de la boulangerie du dimanche.
4. **La taie brodée aux initiales** (24,90 €) : un cadeau personnalisé qui fait toujours son effet.

## De 30 à 80 €

5. **Les serviettes de table en lin** (39,90 € les quatre) : le cadeau de crémaillère idéal.
6. **Le tablier en lin bleu Loire** (39,90 €) : pour le cuisinier ou la cuisinière de la famille.
7. **Le coffret naissance « Premiers câlins »** (79 €) : présenté dans une jolie boîte, avec un mot manuscrit.
8. **Le peignoir en nid d'abeille brodé** (79 €) : un petit luxe du quotidien.

## Pour les grandes occasions

9. **Le plaid en laine des Pyrénées** (129 €) : chaud, léger, tissé en Ariège, un cadeau pour la vie.
10. **La housse de couette en lin lavé** (à partir de 169 €) : pour un mariage ou une liste de crémaillère.

![Un plaid en laine à carreaux](media:@TDL-PL-001 "Le plaid en laine des Pyrénées, notre cadeau phare de l'hiver")

## Nos petits plus

Tous nos colis cadeaux sont emballés dans du papier de soie recyclé. Indiquez votre message dans le champ « commentaire » de la commande : nous le recopions à la main sur une carte. Et pour Noël, commandez avant le 18 décembre pour une livraison à temps en Colissimo.
""")

post(id=33, title="Le mois du blanc : pourquoi janvier, et ce qu'il faut savoir", slug="mois-du-blanc-janvier", published_at="2026-01-06 09:00:00",
     author_id=2, terms=["category:actualites", "tag:soldes", "tag:chambre"],
     excerpt="Une tradition née au XIXe siècle dans les grands magasins parisiens. Nos soldes démarrent le 7 janvier.",
     meta_title="Le mois du blanc : histoire et soldes de janvier",
     meta_description="Née au Bon Marché en 1873, la tradition du mois du blanc revient chaque janvier. Son histoire, nos soldes et nos conseils pour bien acheter son linge.",
     focus_keyword="mois du blanc", img_alt="Draps blancs pliés",
     body="""
Chaque mois de janvier, les vitrines se couvrent de draps et de serviettes blanches. D'où vient cette tradition du **mois du blanc** ?

## Une invention des grands magasins

L'idée revient à Aristide Boucicaut, fondateur du Bon Marché, en 1873. Janvier est un mois creux pour le commerce : il a l'idée de consacrer ce mois au linge de maison, alors exclusivement blanc, en proposant des prix attractifs. Émile Zola décrit d'ailleurs la fièvre de ces ventes dans *Au Bonheur des Dames*. La tradition s'est installée et perdure encore aujourd'hui, même si le linge s'est coloré.

## Nos soldes d'hiver

Du **7 janvier au 3 février 2026**, nous proposons des remises sur une sélection de fins de séries et de coloris arrêtés. Parmi eux, le drap housse en satin de coton gris perle, avec 10 € de remise immédiate.

## Nos conseils pour bien acheter

- Vérifiez la **composition** et le **grammage** : une serviette à 350 g/m² n'a rien à voir avec une éponge de 550 g/m².
- Méfiez-vous des prix barrés trop spectaculaires : un prix de référence doit correspondre au prix pratiqué avant les soldes.
- Profitez-en pour compléter ce qui s'use le plus vite : taies d'oreiller et serviettes.
- Gardez votre ticket : le droit de rétractation de 14 jours s'applique aussi aux achats en ligne soldés.

![Draps blancs](media:@TDL-DH-002 "Le drap housse en percale blanc, grand classique du mois du blanc")

Bonne chasse, et n'oubliez pas de laver votre linge neuf avant de l'utiliser !
""")

post(id=34, title="Tous les combien faut-il changer ses draps ?", slug="frequence-changer-draps", published_at="2026-06-04 10:00:00",
     author_id=4, terms=["category:conseils-entretien", "tag:chambre"],
     excerpt="Une fois par semaine, tous les quinze jours ? La réponse dépend de la saison, de la matière et de vos habitudes.",
     focus_keyword="changer ses draps", img_alt="",
     body="""
C'est une question qu'on n'ose pas toujours poser, et pourtant nous la recevons régulièrement au service client. La réponse courte : **une fois par semaine** est la fréquence idéale. La réponse longue est plus nuancée.

## Pourquoi changer ses draps régulièrement

Chaque nuit, nous perdons de la sueur, des cellules de peau et du sébum. Ces dépôts nourrissent les acariens, principaux responsables des allergies respiratoires à la maison. Un drap lavé régulièrement, c'est aussi un sommeil plus sain.

## Les cas où il faut changer plus souvent

- En été, quand on transpire davantage : tous les **5 à 7 jours**.
- En cas d'allergie aux acariens ou d'asthme.
- Quand on est malade.
- Si votre animal de compagnie dort sur le lit.

## Les cas où l'on peut espacer

En hiver, si vous prenez une douche le soir et portez un pyjama, tous les **10 à 15 jours** peuvent suffire. Les taies d'oreiller, elles, gagnent à être changées une à deux fois par semaine, car elles sont au contact du visage et des cheveux.

## Le bon rythme de rotation

Nous conseillons **trois parures par lit** : une sur le lit, une au lavage, une dans l'armoire. Votre linge s'use ainsi de manière régulière, et vous avez toujours une parure de rechange propre.

## Et la couette ?

La housse de couette se lave en même temps que les draps ; la couette elle-même, une à deux fois par an. Pensez à aérer le lit chaque matin en repliant la couette au pied : l'humidité s'évacue et les acariens apprécient beaucoup moins.
""")

post(id=35, title="Rencontre avec la filature qui tisse nos plaids", slug="rencontre-filature-pyrenees", published_at="2026-09-17 10:00:00",
     author_id=6, terms=["category:coulisses-atelier", "tag:laine", "tag:made-in-france", "tag:savoir-faire"],
     excerpt="À Lavelanet, en Ariège, une filature familiale transforme la laine des brebis pyrénéennes en plaids. Nous leur avons rendu visite.",
     meta_title="Nos plaids en laine des Pyrénées : visite de la filature",
     meta_description="À Lavelanet, en Ariège, une filature familiale tisse la laine des brebis des Pyrénées pour nos plaids. Récit de notre visite et de leur savoir-faire.",
     focus_keyword="plaid laine des Pyrénées", img_alt="Plaid en laine gris chiné",
     body="""
Nos plaids en laine ne sont pas fabriqués à Cholet. Pour eux, nous faisons confiance depuis 2016 à une filature familiale de **Lavelanet**, dans le pays d'Olmes, en Ariège. En juin, Antoine et Hélène sont allés leur rendre visite.

## Une vallée textile

Le pays d'Olmes a longtemps été la capitale française du textile cardé. Dans les années 1970, on y comptait plus de cent entreprises. Il en reste une poignée, dont la filature qui tisse nos plaids, tenue par la même famille depuis quatre générations.

## De la brebis au plaid

La laine provient de brebis élevées dans les Pyrénées, principalement de race tarasconnaise. Après la tonte, au printemps, elle est :

1. triée à la main selon la finesse et la couleur ;
2. lavée à l'eau chaude, sans produit agressif ;
3. cardée, pour démêler et aligner les fibres ;
4. filée, puis tissée sur des métiers à ratière ;
5. foulonnée et grattée, pour lui donner son gonflant.

![Un métier à tisser](media:@metier "Les métiers à ratière de la filature tournent depuis les années 1980")

## Une laine locale qui revient de loin

Pendant des décennies, la laine des brebis françaises a été considérée comme un déchet, faute de débouchés. Elle était brûlée ou exportée à bas prix. Des filatures comme celle de Lavelanet ont fait le pari de la valoriser. Chaque plaid vendu contribue à maintenir cette filière.

> « Nous ne faisons pas de grandes séries, mais nous savons d'où vient chaque kilo de laine. »

## Entretenir son plaid en laine

La laine se salit peu et se nettoie presque seule : un bon aérage à l'extérieur suffit souvent. Si nécessaire, lavez-la à la main ou en programme laine à froid, et faites sécher à plat, loin d'un radiateur.
""")

post(id=36, title="Rideaux en lin : bien les mesurer et les poser", slug="mesurer-poser-rideaux-lin", status="draft",
     published_at="2026-10-29 10:00:00", author_id=5, terms=["category:guides-achat", "tag:lin"],
     excerpt="Largeur, hauteur, type de tringle : notre méthode pour des rideaux qui tombent parfaitement.",
     body="""
Des rideaux trop courts ou trop étroits, et c'est toute la pièce qui paraît mal finie. Voici comment bien les choisir.

## Mesurer la largeur

Mesurez la largeur de la tringle, pas celle de la fenêtre. Pour un joli drapé, la largeur totale des rideaux doit représenter **1,5 à 2 fois** la longueur de la tringle.

## Mesurer la hauteur

Mesurez du haut de la tringle jusqu'au sol. Pour un rideau à œillets, ajoutez 2 à 3 cm. Le lin peut effleurer le sol ou le toucher de quelques centimètres, pour un effet plus généreux.

## À compléter

- Choisir entre œillets et passants.
- Occultant ou filtrant ?
- Laver ses rideaux en lin.
""")

post(id=37, title="Que faire de son vieux linge de maison ?", slug="recycler-vieux-linge", status="draft",
     published_at="2026-10-30 10:00:00", author_id=5, terms=["category:conseils-entretien", "tag:durabilite"],
     excerpt="Réparer, transformer, donner, recycler : des idées pour donner une seconde vie aux draps et serviettes usés.",
     body="""
Un drap usé n'est pas un déchet. Avant de le jeter, voici quelques pistes.

## Réparer

Une couture qui lâche, un petit accroc : un point de couture suffit souvent. Pour nos produits, la réparation des coutures est gratuite pendant deux ans.

## Transformer

- Un drap en lin devient des serviettes de table, des sacs à vrac ou des housses de coussin.
- Une serviette éponge usée fait d'excellents carrés démaquillants lavables.

## Donner et recycler

Les refuges animaliers sont souvent preneurs de vieilles serviettes. Pour le textile vraiment usé, les bornes de collecte Refashion acceptent le linge de maison propre et sec, même abîmé.
""")

post(id=38, title="Préparer sa maison pour l'hiver : le guide cocooning", slug="guide-cocooning-hiver", status="future",
     published_at="2026-12-08 10:00:00", author_id=5, terms=["category:inspirations-deco", "tag:laine", "tag:chambre"],
     excerpt="Plaids, couleurs chaudes, lumière douce et linge de lit plus épais : nos idées pour une maison douillette tout l'hiver.",
     meta_title="Guide cocooning : préparer sa maison pour l'hiver",
     meta_description="Plaids en laine, satin de coton, couleurs chaudes et lumière tamisée : nos idées déco et nos conseils pour rendre la maison douillette tout l'hiver.",
     focus_keyword="cocooning hiver", img_alt="Plaid et coussins pour l'hiver",
     body="""
Les jours raccourcissent, les soirées s'allongent : c'est le moment de transformer la maison en cocon. Pas besoin de grands travaux, quelques textiles bien choisis suffisent.

## Changer de linge de lit

En hiver, on troque la percale fraîche contre un **satin de coton** ou un **lin épais**, qui gardent la chaleur du corps. Une housse de couette dans une couleur chaude, terracotta ou moutarde, réchauffe visuellement la chambre.

## Multiplier les plaids

Un plaid sur le canapé, un autre au pied du lit, un troisième dans un panier près de la cheminée. La laine des Pyrénées est la plus chaude, le coton gaufré le plus facile à laver.

![Un plaid à carreaux](media:@TDL-PL-001 "Un plaid en laine, l'essentiel du cocooning")

## Jouer sur les textures

Velours, laine, lin, bouclette : multipliez les matières pour créer une ambiance enveloppante. Deux ou trois coussins en velours suffisent à transformer un canapé.

## Soigner la lumière

Remplacez le plafonnier par des lampes à la lumière chaude, à hauteur des yeux. Un voilage en gaze laisse passer la lumière du jour tout en apportant de la douceur.

## Penser aux pieds

Un tapis de bain épais, des chaussons, un tapis au pied du lit : le froid vient souvent du sol.

Retrouvez toute notre sélection d'hiver dans la catégorie [Décoration](/categorie/decoration).
""")

# ---------------------------------------------------------------- pages (ids 1-20)
PAGES = []


def page(**kw):
    kw.setdefault("published_at", "2025-11-01 09:00:00")
    kw.setdefault("author_id", 2)
    PAGES.append(kw)


page(id=1, title="Qui sommes-nous ?", slug="qui-sommes-nous", menu_order=1, author_id=1,
     excerpt="Un atelier de linge de maison à Cholet depuis 1962, relancé en 2015 par la petite-fille du fondateur.",
     meta_title="Qui sommes-nous ? L'histoire des Toiles de Loire",
     meta_description="Depuis 1962, Les Toiles de Loire fabriquent du linge de maison à Cholet. Découvrez notre histoire, notre équipe et notre atelier de la rue des Tisserands.",
     body="""
## Un atelier né en 1962

Tout commence en 1962, quand **Marcel Guérin**, contremaître dans une filature choletaise, installe deux métiers à tisser dans un ancien entrepôt de la rue des Tisserands. Cholet est alors l'une des capitales françaises du textile : on y tisse des mouchoirs, des toiles et du linge de maison pour toute la France.

L'atelier se fait une réputation avec ses mouchoirs et ses torchons, puis avec le linge de lit qu'il fournit aux hôtels de la côte atlantique. Dans les années 1980, il emploie jusqu'à trente personnes.

![La table de coupe de l'atelier](media:@atelier "L'atelier de la rue des Tisserands aujourd'hui")

## Les années difficiles

À partir des années 1990, la concurrence internationale frappe durement le textile choletais. Les usines ferment les unes après les autres. L'atelier survit grâce à la sous-traitance, mais ne compte plus que quatre salariés au début des années 2010.

## La relance de 2015

En 2015, **Hélène Guérin**, petite-fille du fondateur, quitte son poste d'acheteuse textile à Paris pour reprendre l'entreprise familiale. Elle la transforme en SAS, crée la marque Les Toiles de Loire et ouvre la boutique en ligne. Son pari : proposer un linge de maison fabriqué en France, en matières naturelles et certifiées, vendu directement, sans intermédiaire, à un prix juste.

## L'équipe aujourd'hui

Nous sommes aujourd'hui **quatorze** : huit couturières et couturiers, un chef d'atelier, une équipe logistique, un service client et une petite équipe web. Tous travaillent sous le même toit, rue des Tisserands. C'est ce qui nous permet de répondre précisément à vos questions : nous voyons naître chaque pièce.

## Notre slogan

*« Le linge qui a du fil à raconter »* : chacun de nos draps, de nos torchons, de nos plaids porte une histoire, celle d'une matière choisie, d'un savoir-faire local et d'une famille attachée à son territoire. Nous espérons qu'il continuera de raconter la vôtre pendant de longues années.

Découvrez aussi [nos engagements](/page/nos-engagements) et le [blog de l'atelier](/blog).
""")

page(id=2, title="Nos engagements", slug="nos-engagements", parent_id=1, menu_order=2, author_id=1,
     excerpt="Fabrication française, matières certifiées, durabilité et service client proche : nos engagements concrets.",
     meta_title="Nos engagements : fabrication française et matières certifiées",
     meta_description="Confection à Cholet, lin européen, coton bio GOTS, petites séries, réparation gratuite des coutures : découvrez nos engagements concrets et vérifiables.",
     body="""
Nous avons choisi de ne prendre que des engagements que nous pouvons prouver. Les voici.

## 1. Une fabrication française

Toutes nos pièces sont **coupées et cousues dans notre atelier de Cholet**. Nos tissus sont tissés en France (Vosges, Nord, Tarn) ou en Europe (Belgique, Italie) pour le lin. Seuls nos plaids en laine sont fabriqués ailleurs qu'à Cholet : par une filature familiale de Lavelanet, en Ariège.

## 2. Des matières certifiées

- **Lin** : cultivé en Normandie et dans les Flandres, certifié Masters of Linen, qui garantit une culture et une transformation européennes.
- **Coton** : biologique certifié GOTS pour la percale, la gaze et l'éponge.
- **Teintures** : toutes nos pièces sont certifiées OEKO-TEX Standard 100.

## 3. La durabilité comme règle

- Nous fabriquons en **petites séries**, au plus près des ventes.
- Nos chutes de coupe deviennent des accessoires : tote bags, trousses, sacs à pain.
- Nous **réparons gratuitement les coutures** de nos produits pendant deux ans.
- Nos colis sont expédiés **sans plastique**, dans du carton recyclé.

![Champ de lin en fleur](media:@champ-lin "Le lin fleurit en juin dans les plaines de Normandie")

## 4. Des emplois locaux

Nos quatorze salariés sont en CDI. Nous formons chaque année un ou une apprentie aux métiers de la couture, en partenariat avec le lycée professionnel de Cholet.

## 5. Un service client proche

Notre service client est basé à l'atelier et joignable par téléphone du lundi au vendredi. Il connaît les produits parce qu'il les voit fabriquer.

## 6. La transparence

Nous publions la décomposition du prix de nos produits phares. Lisez par exemple [ce que contient le prix d'un drap](/blog/prix-drap-fabrique-en-france).
""")

page(id=3, title="Contact", slug="contact", menu_order=3,
     excerpt="Une question sur un produit ou une commande ? Notre service client vous répond sous 24 h ouvrées.",
     meta_title="Contactez Les Toiles de Loire",
     meta_description="Une question sur un produit, une commande ou un retour ? Contactez notre service client à Cholet par téléphone, par e-mail ou via le formulaire.",
     body="""
Une question sur un produit, une taille, une commande ou un retour ? Notre équipe vous répond **sous 24 heures ouvrées**, depuis l'atelier de Cholet.

## Nous joindre

- **Téléphone** : {{shop.phone}}, du lundi au vendredi de 9 h à 12 h 30 et de 14 h à 17 h 30 (prix d'un appel local)
- **E-mail** : {{shop.email}}
- **Courrier** : Les Toiles de Loire, {{shop.address}}, {{shop.postcode}} {{shop.city}}

## Professionnels

Hôtels, gîtes, chambres d'hôtes, crèches : notre service professionnels établit vos devis et vous fait bénéficier de tarifs dédiés. Choisissez « Service professionnels » dans le formulaire ci-dessous.

## Visiter l'atelier

L'atelier ouvre ses portes **le premier samedi de chaque mois, de 10 h à 12 h**. Le retrait des commandes est possible du lundi au samedi, sur rendez-vous.
""")

page(id=4, title="Livraison et retours", slug="livraison-et-retours", menu_order=4,
     excerpt="Délais, tarifs, transporteurs et retours gratuits sous 30 jours.",
     meta_title="Livraison et retours | Les Toiles de Loire",
     meta_description="Colissimo, Mondial Relay, Chronopost ou retrait à l'atelier : délais et tarifs de livraison, livraison offerte dès 69 € et retours gratuits sous 30 jours.",
     body="""
## Préparation des commandes

Les commandes passées avant 13 h (du lundi au vendredi) sont préparées le jour même à l'atelier. Les articles personnalisés (broderie) demandent 48 h supplémentaires. Les paiements par chèque ou par virement sont traités à réception du règlement.

## Modes de livraison

- **Colissimo Domicile** : livraison en 48 à 72 h, à partir de 4,95 €.
- **Mondial Relay — Point relais** : livraison en 3 à 5 jours ouvrés dans plus de 7 000 points relais, à partir de 3,90 €.
- **Chronopost Express** : livraison en 24 h pour toute commande passée avant 13 h, à partir de 12,90 €.
- **Retrait à l'atelier de Cholet** : gratuit, sous 24 h ouvrées, au {{shop.address}}.

Les tarifs dépendent du poids du colis et de la destination ; ils sont calculés automatiquement dans votre panier.

## Livraison offerte

La livraison est **offerte dès 69 € d'achat** (après remises). Nous livrons aussi la Corse, la Belgique, le Luxembourg, l'Allemagne, l'Espagne, l'Italie, la Suisse et les départements d'outre-mer.

## Suivi de commande

Dès l'expédition, vous recevez un e-mail avec votre numéro de suivi. Vous pouvez également suivre votre commande depuis votre compte client.

## Retours

Vous disposez de **30 jours après réception** pour nous retourner un article qui ne vous convient pas (au-delà du délai légal de 14 jours). Les articles doivent être retournés non utilisés, non lavés, dans leur emballage d'origine. Les articles personnalisés ne peuvent être ni repris ni échangés, sauf défaut.

1. Connectez-vous à votre compte, rubrique « Retours produits », et sélectionnez les articles.
2. Nous validons votre demande sous 48 h et vous envoyons une étiquette de retour prépayée.
3. Déposez le colis dans un bureau de poste ou un point relais.
4. Dès réception et contrôle, nous vous remboursons sous 14 jours, par le moyen de paiement utilisé lors de la commande.

## Colis abîmé ou incomplet

Vérifiez l'état du colis à la livraison. En cas de dommage, émettez des réserves auprès du transporteur et contactez-nous sous 48 h, avec une photo : nous trouverons une solution rapidement.
""")

page(id=5, title="Conditions générales de vente", slug="conditions-generales-de-vente", menu_order=5,
     excerpt="Conditions générales de vente applicables aux commandes passées sur la boutique en ligne.",
     meta_title="Conditions générales de vente | Les Toiles de Loire",
     meta_description="Conditions générales de vente de la boutique en ligne Les Toiles de Loire : commande, prix, paiement, livraison, rétractation, garanties et médiation.",
     body="""
*Version en vigueur au 1er novembre 2025.*

## Article 1 — Objet et champ d'application

Les présentes conditions générales de vente (CGV) régissent les ventes de produits conclues sur le site de la boutique Les Toiles de Loire entre la société {{shop.name}}, {{shop.legal_form}} au capital de {{shop.capital}}, immatriculée au {{shop.rcs}}, dont le siège est situé {{shop.address}}, {{shop.postcode}} {{shop.city}} (ci-après « le Vendeur »), et toute personne physique agissant en qualité de consommateur (ci-après « le Client »).

Toute commande implique l'acceptation sans réserve des présentes CGV, que le Client reconnaît avoir lues avant de passer commande.

## Article 2 — Produits

Les produits proposés sont ceux figurant sur le site au jour de la consultation, dans la limite des stocks disponibles. Les photographies et illustrations sont aussi fidèles que possible mais ne sauraient engager le Vendeur, notamment pour les nuances de couleur, qui peuvent varier selon les écrans. Les caractéristiques essentielles (composition, dimensions, entretien) figurent sur chaque fiche produit.

## Article 3 — Prix

Les prix sont indiqués en euros, toutes taxes comprises (TVA française en vigueur), hors frais de livraison. Les frais de livraison sont indiqués avant la validation de la commande. Le Vendeur se réserve le droit de modifier ses prix à tout moment ; les produits sont facturés au prix en vigueur lors de la validation de la commande.

## Article 4 — Commande

Le Client sélectionne les produits, vérifie le contenu de son panier, choisit son mode de livraison et de paiement, puis valide sa commande après avoir accepté les présentes CGV. Cette validation vaut acceptation du prix et de la description des produits. Le Vendeur confirme la commande par courrier électronique. Le Vendeur se réserve le droit d'annuler toute commande d'un Client avec lequel existerait un litige relatif au paiement d'une commande antérieure.

## Article 5 — Paiement

Le paiement s'effectue par carte bancaire (transaction sécurisée), par chèque à l'ordre de {{payment.cheque_payee}} ou par virement bancaire. En cas de paiement par chèque ou par virement, la commande est préparée à réception du règlement ; elle est annulée si le règlement n'est pas reçu dans un délai de 15 jours.

## Article 6 — Livraison

Les produits sont livrés à l'adresse indiquée par le Client lors de la commande, dans les délais indiqués sur la page [Livraison et retours](/page/livraison-et-retours). En cas de retard de plus de 7 jours par rapport à la date annoncée, le Client peut, après mise en demeure restée sans effet, résoudre le contrat conformément à l'article L. 216-6 du Code de la consommation. Le transfert des risques intervient à la prise de possession physique des produits par le Client.

## Article 7 — Droit de rétractation

Conformément aux articles L. 221-18 et suivants du Code de la consommation, le Client dispose d'un délai de **14 jours** à compter de la réception des produits pour exercer son droit de rétractation, sans avoir à justifier de motifs ni à payer de pénalités. Le Vendeur étend volontairement ce délai à **30 jours**.

Le Client informe le Vendeur de sa décision par toute déclaration dénuée d'ambiguïté (formulaire de retour de son compte client, e-mail ou courrier), ou au moyen du formulaire type de rétractation. Les produits doivent être retournés dans un délai de 14 jours suivant cette communication, complets et en parfait état.

Le Vendeur rembourse la totalité des sommes versées, y compris les frais de livraison initiaux (sur la base du tarif standard), dans un délai de 14 jours à compter de la réception de la décision de rétractation ; il peut différer le remboursement jusqu'à récupération des produits. Le remboursement est effectué avec le même moyen de paiement que celui utilisé pour la commande.

Conformément à l'article L. 221-28 du Code de la consommation, le droit de rétractation ne s'applique pas aux produits confectionnés selon les spécifications du Client ou nettement personnalisés, notamment les articles brodés aux initiales.

## Article 8 — Garanties légales

Tous les produits bénéficient de la **garantie légale de conformité** (articles L. 217-3 et suivants du Code de la consommation) et de la **garantie des vices cachés** (articles 1641 et suivants du Code civil).

Au titre de la garantie légale de conformité, le Client dispose d'un délai de deux ans à compter de la délivrance du bien pour agir. Il peut choisir entre la réparation et le remplacement du bien, sous réserve des conditions de coût prévues par la loi. Il est dispensé de rapporter la preuve de l'existence du défaut de conformité pendant les 24 mois suivant la délivrance.

Au titre de la garantie des vices cachés, le Client peut agir dans un délai de deux ans à compter de la découverte du vice et choisir entre la résolution de la vente et une réduction du prix.

En complément, le Vendeur répare gratuitement les coutures de ses produits pendant deux ans (garantie commerciale), sans préjudice des garanties légales.

## Article 9 — Responsabilité

Le Vendeur ne saurait être tenu pour responsable de l'inexécution du contrat en cas de force majeure, de perturbation ou de grève des services postaux et moyens de transport.

## Article 10 — Données personnelles

Les données collectées sont nécessaires au traitement des commandes. Leur traitement est décrit dans notre [politique de confidentialité](/page/politique-de-confidentialite).

## Article 11 — Médiation de la consommation

En cas de litige, le Client adresse d'abord une réclamation écrite au service client. À défaut de solution amiable dans un délai de deux mois, il peut recourir gratuitement au médiateur de la consommation dont relève le Vendeur : **Médiateur du commerce et de la vente à distance (association fictive pour l'épreuve)**, 12 rue de la Conciliation, 75008 Paris. Le Client peut également utiliser la plateforme européenne de règlement en ligne des litiges.

## Article 12 — Droit applicable

Les présentes CGV sont soumises au droit français. À défaut d'accord amiable, les tribunaux compétents sont ceux désignés par les règles de droit commun.
""")

page(id=6, title="Mentions légales", slug="mentions-legales", menu_order=6,
     excerpt="Éditeur, hébergeur, propriété intellectuelle.",
     meta_title="Mentions légales | Les Toiles de Loire",
     body="""
## Éditeur du site

{{shop.name}}, {{shop.legal_form}} au capital de {{shop.capital}}
Siège social : {{shop.address}}, {{shop.postcode}} {{shop.city}}, {{shop.country}}

- SIRET : {{shop.siret}}
- {{shop.rcs}}
- TVA intracommunautaire : {{shop.vat_number}}
- Téléphone : {{shop.phone}}
- E-mail : {{shop.email}}

**Directrice de la publication** : {{shop.director}}

## Hébergement

{{shop.host}}

## Propriété intellectuelle

L'ensemble des éléments du site (textes, photographies, illustrations, logos, marques) est la propriété exclusive de {{shop.name}} ou de ses partenaires. Toute reproduction, représentation ou diffusion, totale ou partielle, sans autorisation écrite préalable est interdite et constituerait une contrefaçon.

## Données personnelles et cookies

Le traitement des données personnelles et l'usage des cookies sont décrits dans notre [politique de confidentialité](/page/politique-de-confidentialite).

## Crédits

Illustrations : atelier Les Toiles de Loire. Site réalisé dans le cadre d'un contexte pédagogique : toute ressemblance avec une entreprise existante serait fortuite.
""")

page(id=7, title="Politique de confidentialité", slug="politique-de-confidentialite", menu_order=7,
     excerpt="Comment nous collectons, utilisons et protégeons vos données personnelles (RGPD).",
     meta_title="Politique de confidentialité et cookies | Les Toiles de Loire",
     meta_description="Données collectées, finalités, durées de conservation, cookies et droits RGPD : comment Les Toiles de Loire protège vos données personnelles.",
     body="""
La protection de vos données personnelles est importante pour nous. Cette politique explique quelles données nous collectons, pourquoi, et quels sont vos droits, conformément au Règlement général sur la protection des données (RGPD) et à la loi Informatique et Libertés.

## Responsable du traitement

{{shop.name}}, {{shop.address}}, {{shop.postcode}} {{shop.city}}. Pour toute question relative à vos données : {{shop.email}}.

## Données collectées

- **Identité et contact** : civilité, nom, prénom, adresse e-mail, téléphone, adresses de livraison et de facturation.
- **Commandes** : produits achetés, montants, mode de paiement (nous ne conservons jamais vos données bancaires, traitées par notre prestataire de paiement).
- **Compte client** : identifiant, mot de passe chiffré, date de naissance (facultative).
- **Navigation** : pages consultées, source de visite, type d'appareil, via des cookies de mesure d'audience.

## Finalités et bases légales

1. Gérer vos commandes, livraisons, retours et factures (exécution du contrat).
2. Répondre à vos demandes au service client (exécution du contrat ou intérêt légitime).
3. Vous envoyer notre newsletter si vous y avez consenti (consentement).
4. Mesurer l'audience du site et l'améliorer (consentement pour les cookies non essentiels).
5. Respecter nos obligations comptables et fiscales (obligation légale).

## Durées de conservation

- Données clients : 3 ans après le dernier achat ou le dernier contact.
- Factures : 10 ans (obligation comptable).
- Abonnés à la newsletter : jusqu'au désabonnement, ou 3 ans sans ouverture.
- Cookies : 13 mois maximum.

## Destinataires

Vos données sont destinées à nos seuls services internes et à nos prestataires (transporteurs, prestataire de paiement, hébergeur), dans la limite nécessaire à leur mission. Elles ne sont jamais vendues.

## Vos droits

Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation, d'opposition et de portabilité de vos données, ainsi que du droit de retirer votre consentement à tout moment. Pour les exercer, écrivez-nous à {{shop.email}} en précisant votre demande. Nous répondons dans un délai d'un mois.

Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL.

## Cookies

Lors de votre première visite, un bandeau vous permet d'accepter ou de refuser les cookies non essentiels. Vous pouvez modifier votre choix à tout moment via le lien « Gérer les cookies » en bas de page. Les cookies strictement nécessaires (panier, connexion) ne peuvent pas être désactivés.
""")

page(id=8, title="Foire aux questions", slug="faq", menu_order=8,
     excerpt="Les réponses aux questions les plus fréquentes sur nos produits, les commandes et la livraison.",
     meta_title="FAQ : vos questions sur nos produits et commandes",
     meta_description="Tailles, entretien, délais de livraison, retours, paiement, broderie : retrouvez les réponses aux questions les plus fréquentes posées à notre service client.",
     body="""
## Nos produits

### Vos produits sont-ils vraiment fabriqués en France ?

Oui. Toutes nos pièces sont coupées et cousues dans notre atelier de Cholet. Nos tissus sont tissés en France ou en Europe. Seuls nos plaids en laine sont fabriqués par notre partenaire de Lavelanet, en Ariège. L'origine précise figure sur chaque fiche produit.

### Le lin lavé rétrécit-il au lavage ?

Très peu : nos tissus sont prélavés avant confection. Comptez un retrait maximal de 2 % si vous respectez la température de lavage conseillée (40 °C).

### Comment choisir la taille de mon drap housse ?

Mesurez la largeur, la longueur et l'épaisseur de votre matelas, surmatelas compris. Nos draps housses ont des bonnets de 30 cm. Consultez notre [guide des tailles](/page/guide-des-tailles).

### Pouvez-vous fabriquer du linge sur mesure ?

Oui, pour les draps housses, les nappes et les rideaux. Contactez-nous avec vos dimensions : nous vous enverrons un devis sous 48 h.

### Les couleurs sont-elles fidèles aux photos ?

Nous faisons notre maximum, mais le rendu varie selon les écrans. En cas de doute, nous pouvons vous envoyer gratuitement un échantillon de tissu.

## Commandes et paiement

### Quels sont les moyens de paiement acceptés ?

Carte bancaire (Visa, Mastercard, CB), chèque et virement bancaire. Pour les chèques et les virements, la commande est expédiée à réception du règlement.

### Puis-je modifier ou annuler ma commande ?

Oui, tant qu'elle n'est pas en cours de préparation. Contactez-nous au plus vite par téléphone ou par message depuis votre compte.

### Proposez-vous la broderie aux initiales ?

Oui, sur les taies en percale brodée et le peignoir en nid d'abeille. Indiquez vos initiales (3 lettres maximum) sur la fiche produit. La broderie ajoute 48 h au délai de préparation ; les articles brodés ne peuvent pas être retournés, sauf défaut.

### Avez-vous des tarifs pour les professionnels ?

Oui : hôtels, gîtes, chambres d'hôtes et crèches bénéficient de tarifs dédiés après ouverture d'un compte professionnel. Écrivez au service professionnels depuis la page [contact](/page/contact).

## Livraison et retours

### Quels sont les délais de livraison ?

48 à 72 h en Colissimo, 3 à 5 jours en point relais, 24 h en Chronopost, après préparation (le jour même pour une commande passée avant 13 h en semaine).

### La livraison est-elle gratuite ?

Oui, dès 69 € d'achat, quelle que soit la destination. Le retrait à l'atelier de Cholet est toujours gratuit.

### Comment retourner un article ?

Depuis votre compte client, rubrique « Retours produits ». Vous disposez de 30 jours après réception. Tous les détails sont sur la page [Livraison et retours](/page/livraison-et-retours).

### Mon colis est arrivé abîmé, que faire ?

Émettez des réserves auprès du transporteur si possible, prenez une photo et contactez-nous sous 48 h. Nous vous renverrons un article ou vous rembourserons.
""")

page(id=9, title="Guide des tailles", slug="guide-des-tailles", menu_order=9,
     excerpt="Correspondances entre tailles de lit, de couette, d'oreiller et de peignoir.",
     meta_title="Guide des tailles : draps, couettes, taies, peignoirs",
     meta_description="Quelle taille de drap housse, de housse de couette ou de taie d'oreiller pour votre lit ? Tous nos tableaux de correspondance et nos conseils de mesure.",
     body="""
Avant de commander, munissez-vous d'un mètre ruban : deux minutes suffisent pour éviter un retour. Retrouvez aussi nos explications détaillées dans l'article [Quelle taille de drap housse choisir ?](/blog/bien-choisir-taille-drap-housse).

## Draps housses

- Matelas 90 x 190 cm : drap housse **90 x 190 cm**
- Matelas 140 x 190 cm : drap housse **140 x 190 cm**
- Matelas 160 x 200 cm : drap housse **160 x 200 cm**
- Matelas 180 x 200 cm (ou 2 x 90 x 200 cm) : drap housse **180 x 200 cm**
- Lit bébé 60 x 120 cm : drap housse **60 x 120 cm**

Tous nos draps housses ont des **bonnets de 30 cm**, pour des matelas jusqu'à 27 cm d'épaisseur (surmatelas compris).

## Housses de couette

- Lit 90 cm : housse **140 x 200 cm**
- Lit 140 cm : housse **200 x 200 cm** ou **240 x 220 cm**
- Lit 160 cm : housse **240 x 220 cm**
- Lit 180 cm : housse **260 x 240 cm**

## Draps plats

- Lit 90 cm : **180 x 290 cm**
- Lit 140 ou 160 cm : **240 x 300 cm**
- Lit 180 cm : **270 x 310 cm**

## Taies d'oreiller

- Oreiller rectangulaire : **50 x 70 cm**
- Oreiller carré : **65 x 65 cm**
- Traversin 140 cm : taie **85 x 185 cm**

## Peignoirs

- **S/M** : tour de poitrine jusqu'à 100 cm, taille 36 à 42
- **L/XL** : tour de poitrine de 100 à 120 cm, taille 44 à 50

Nos peignoirs sont mixtes, coupe kimono ample. Entre deux tailles, prenez la plus grande pour un effet enveloppant.

## Nappes

Comptez la dimension de la table plus **50 cm** en largeur et en longueur (25 cm de retombée de chaque côté). Pour une table de 90 x 200 cm, choisissez une nappe de 150 x 250 cm.
""")

# ---------------------------------------------------------------- comments: slug -> (author, email, text, status, days after, reply)
COMMENTS = {
    "entretenir-linge-lin": [
        ("Marie-Christine", "mc.deshayes@exemple.fr", "Merci pour l'astuce du vinaigre blanc ! J'utilisais de l'assouplissant depuis toujours et je me demandais pourquoi mes draps en lin devenaient raides.", "approved", 2, None),
        ("Pierre L.", "pierre.l@mail.fr", "Peut-on laver le lin à 60 °C en cas d'allergie aux acariens ?", "approved", 5,
         (4, "Bonjour Pierre, oui pour le blanc et l'écru, sans problème. Pour les couleurs, préférez 40 °C et un passage au sèche-linge, qui élimine aussi les acariens.")),
        ("Sophie", "sophie.r@courriel.fr", "Je confirme : sortir le drap encore humide et le mettre directement sur le lit, ça change tout. Plus jamais de repassage !", "approved", 12, None),
        ("Gérard", "gerard.m@exemple.com", "Et pour les taches de rouille sur du lin ancien ? J'ai hérité de draps de ma grand-mère.", "approved", 30,
         (6, "Bonjour Gérard, un mélange de jus de citron et de gros sel laissé quelques heures au soleil fait souvent des merveilles sur le lin ancien. Testez d'abord sur un coin.")),
        ("Achat linge discount", "promo@linge-discount-exemple.com", "Super article ! Retrouvez des draps à -70 % sur notre site, cliquez ici !!!", "spam", 41, None),
        ("Camille", "camille.martin@exemple.fr", "Article très clair, je l'ai imprimé pour ma mère. Merci !", "pending", 350, None),
    ],
    "bien-choisir-taille-drap-housse": [
        ("Nathalie", "nathalie.b@mail.fr", "Enfin un guide qui parle de l'épaisseur du matelas ! C'est toujours là que ça coince.", "approved", 1, None),
        ("Julien", "julien.p@exemple.fr", "Nous avons un matelas de 35 cm avec surmatelas, vous faites des bonnets plus profonds ?", "approved", 3,
         (4, "Bonjour Julien, nous réalisons des draps housses sur mesure avec des bonnets jusqu'à 40 cm. Écrivez-nous via la page contact avec vos dimensions, nous vous enverrons un devis.")),
        ("Anaïs", "anais.t@boite.fr", "Très utile, j'ai pu commander la bonne taille du premier coup.", "approved", 20, None),
        ("Yves", "yves.c@courriel.fr", "Pour deux matelas de 80 x 200, il faut prendre le 160 x 200 ?", "pending", 340, None),
    ],
    "percale-satin-lin-quelle-matiere": [
        ("Hélène D.", "helene.d@exemple.org", "J'ai toujours trop chaud la nuit, je vais tester la percale. Merci pour ce comparatif très clair.", "approved", 2, None),
        ("Romain", "romain.g@mail.fr", "Le lin gratte-t-il au début ? J'ai un mauvais souvenir de draps en lin chez mes grands-parents.", "approved", 6,
         (6, "Bonjour Romain, le lin ancien était souvent écru et non lavé, donc assez rêche. Notre lin est lavé à la pierre après confection : il est souple dès le premier jour et s'adoucit encore à chaque lavage.")),
        ("Lucie", "lucie.v@exemple.fr", "Le satin de coton est un vrai bonheur en hiver, je confirme.", "approved", 15, None),
    ],
    "journee-atelier-cholet": [
        ("Monique", "monique.b@exemple.fr", "Quel plaisir de voir encore un atelier textile à Cholet ! Mon père travaillait dans une filature rue Nationale.", "approved", 1,
         (1, "Merci Monique pour ce message qui nous touche. Venez nous rendre visite un premier samedi du mois, nous serons ravis d'échanger avec vous.")),
        ("Thomas R.", "thomas.r@courriel.fr", "Les portes ouvertes du premier samedi, il faut réserver ?", "approved", 4,
         (4, "Bonjour Thomas, ce n'est pas obligatoire mais c'est conseillé (groupes de 12 personnes maximum). Un simple message via la page contact suffit.")),
        ("Claire", "claire.f@mail.fr", "Très bel article, on comprend mieux le prix des produits quand on voit tout le travail derrière.", "approved", 9, None),
        ("Karim", "karim.h@exemple.com", "Vous recrutez des couturières ? Ma sœur cherche un poste dans la région.", "approved", 22,
         (1, "Bonjour Karim, nous recrutons régulièrement. Votre sœur peut nous envoyer sa candidature à contact@toiles-de-loire.fr.")),
    ],
    "histoire-mouchoir-de-cholet": [
        ("Jean-Paul", "jp.gabory@exemple.fr", "Petite précision : la chanson de Botrel date de 1900 environ. Bel hommage en tout cas !", "approved", 3, None),
        ("Maëlys", "maelys.k@boite.fr", "J'ai offert le coussin brodé à ma grand-mère choletaise, elle a pleuré d'émotion.", "approved", 60, None),
    ],
    "tendances-deco-chambre-2026": [
        ("Audrey", "audrey.m@mail.fr", "Je viens de repeindre ma chambre en terracotta, le drap housse bleu Loire irait bien avec ?", "approved", 2,
         (5, "Bonjour Audrey, c'est l'un de nos associations préférées ! Ajoutez une touche d'écru (taies ou plaid) pour adoucir le contraste.")),
        ("Sébastien", "seb.l@exemple.org", "Le vert sauge, c'est vraiment apaisant. Vous allez le décliner en percale ?", "approved", 10, None),
        ("Loan", "loan.p@exemple.fr", "Quelles couleurs pour une chambre orientée nord ?", "pending", 240, None),
    ],
    "dresser-belle-table-de-fete": [
        ("Brigitte", "brigitte.a@courriel.fr", "L'astuce de repasser la nappe directement sur la table, génial !", "approved", 3, None),
        ("Casino en ligne", "bonus@casino-exemple.net", "Gagnez 500 € de bonus sur notre casino en ligne, inscription gratuite !", "spam", 8, None),
    ],
    "liste-naissance-linge-bebe": [
        ("Pauline", "pauline.n@exemple.fr", "Merci pour cette liste ! On avait prévu beaucoup trop de petits pyjamas et pas assez de langes, effectivement.", "approved", 4, None),
        ("Gaëlle", "gaelle.b@mail.fr", "La gigoteuse existe-t-elle en 2,5 TOG pour l'hiver ?", "approved", 9,
         (5, "Bonjour Gaëlle, pas encore, mais une version hiver en gaze doublée est en préparation pour cet automne !")),
    ],
    "coton-bio-label-gots": [
        ("Vincent", "vincent.d@exemple.com", "Merci pour la transparence. On aimerait voir ce genre d'article chez toutes les marques.", "approved", 5, None),
    ],
    "serviettes-eponge-moelleuses": [
        ("Delphine", "delphine.s@boite.fr", "Le coup de l'assouplissant, je ne savais pas du tout ! Mes serviettes sont déjà plus absorbantes.", "approved", 6, None),
        ("Éric", "eric.v@exemple.fr", "Et en eau très calcaire ? Nos serviettes sont toujours dures.", "approved", 14,
         (4, "Bonjour Éric, en eau calcaire, le vinaigre blanc dans le bac d'assouplissant est encore plus efficace. Un passage de 10 minutes au sèche-linge aide aussi beaucoup.")),
    ],
    "prix-drap-fabrique-en-france": [
        ("Florence", "florence.g@exemple.org", "Bravo pour cette transparence. Ça donne envie de soutenir l'atelier.", "approved", 2, None),
        ("Arnaud", "arnaud.b@mail.fr", "7,58 € de marge, c'est peu finalement. Comment faites-vous pour investir ?", "approved", 7,
         (1, "Bonjour Arnaud, c'est justement tout l'enjeu : nous investissons progressivement, machine par machine. Et la vente directe en ligne nous permet de ne pas partager cette marge avec des intermédiaires.")),
    ],
    "idees-cadeaux-linge-de-maison": [
        ("Christine", "christine.m@courriel.fr", "J'ai commandé le plaid pour mon mari, livré en 48 h, superbe !", "approved", 12, None),
        ("Odile", "odile.p@exemple.fr", "Le mot manuscrit, c'est une très jolie attention.", "approved", 20, None),
    ],
    "rencontre-filature-pyrenees": [
        ("Jeanne", "jeanne.c@exemple.fr", "Je suis de Lavelanet, quelle fierté de voir notre savoir-faire mis en avant !", "approved", 3, None),
        ("Bruno", "bruno.f@mail.fr", "Les plaids sont-ils lavables en machine ?", "pending", 30, None),
    ],
}
