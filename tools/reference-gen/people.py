"""Names, places and streets used to make up customers (all fictional people, real places)."""

FEMALE = ["Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Julie", "Sarah", "Laura", "Marie", "Anne", "Claire",
          "Isabelle", "Nathalie", "Sophie", "Sandrine", "Valérie", "Céline", "Aurélie", "Élodie", "Hélène", "Catherine",
          "Françoise", "Monique", "Brigitte", "Martine", "Sylvie", "Christine", "Delphine", "Émilie", "Pauline",
          "Margaux", "Lucie", "Anaïs", "Charlotte", "Clémence", "Agathe", "Juliette", "Louise", "Alice", "Mathilde",
          "Océane", "Audrey", "Virginie", "Karine", "Florence", "Nadia", "Yasmina", "Fatima", "Mélanie", "Gaëlle",
          "Solène", "Maëlys", "Jeanne", "Odile", "Bérénice", "Armelle", "Rozenn", "Maïwenn", "Noémie"]
MALE = ["Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre", "Pierre", "Hugo", "Lucas", "Louis",
        "Guillaume", "François", "Philippe", "Laurent", "Stéphane", "Christophe", "Olivier", "Frédéric", "Éric",
        "Patrick", "Jean", "Michel", "Alain", "Bernard", "Yves", "Benoît", "Damien", "Sébastien", "Mathieu",
        "Romain", "Clément", "Baptiste", "Adrien", "Théo", "Gaël", "Yann", "Karim", "Mehdi", "Bruno", "Gilles",
        "Hervé", "Régis", "Arnaud", "Vincent", "Loïc", "Erwan", "Jérôme", "Thierry", "Xavier", "Raphaël"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
        "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
        "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
        "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
        "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand", "Dufour",
        "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez",
        "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois",
        "Renaud", "Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis",
        "Olivier", "Rodriguez", "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Rivière", "Le Gall",
        "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Menard", "Fleury", "Deschamps",
        "Carpentier", "Julien", "Benoît", "Paris", "Maillard", "Marchal", "Aubry", "Vasseur", "Le Roux",
        "Renault", "Jacquet", "Collet", "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron",
        "Dupuy", "Pons", "Paul", "Laine", "Carré", "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Barre",
        "Marty", "Cousin", "Ogier", "Chupin", "Raimbault", "Bodin", "Pineau", "Gabory", "Cesbron", "Bouvet",
        "Le Bihan", "Kerouédan", "Tessier", "Godineau", "Ménard", "Texier", "Hamon", "Loiseau"]

# postcode, city, phone prefix, weight (Pays de la Loire and the west are over-represented: local customers)
CITIES = [
    ("49300", "Cholet", "02", 7), ("49000", "Angers", "02", 8), ("49100", "Angers", "02", 5), ("49400", "Saumur", "02", 3),
    ("49600", "Beaupréau-en-Mauges", "02", 2), ("49120", "Chemillé-en-Anjou", "02", 2), ("49280", "La Séguinière", "02", 1),
    ("49130", "Les Ponts-de-Cé", "02", 2), ("49240", "Avrillé", "02", 2),
    ("44000", "Nantes", "02", 8), ("44100", "Nantes", "02", 4), ("44600", "Saint-Nazaire", "02", 2), ("44500", "La Baule-Escoublac", "02", 2),
    ("44190", "Clisson", "02", 2), ("85000", "La Roche-sur-Yon", "02", 3), ("85100", "Les Sables-d'Olonne", "02", 2),
    ("85500", "Les Herbiers", "02", 2), ("79000", "Niort", "05", 2), ("79300", "Bressuire", "05", 2),
    ("72000", "Le Mans", "02", 3), ("53000", "Laval", "02", 2), ("35000", "Rennes", "02", 5), ("29200", "Brest", "02", 2),
    ("56000", "Vannes", "02", 2), ("29000", "Quimper", "02", 2), ("22000", "Saint-Brieuc", "02", 1),
    ("37000", "Tours", "02", 4), ("45000", "Orléans", "02", 2), ("41000", "Blois", "02", 1), ("86000", "Poitiers", "05", 2),
    ("17000", "La Rochelle", "05", 3), ("33000", "Bordeaux", "05", 5), ("64200", "Biarritz", "05", 1), ("31000", "Toulouse", "05", 4),
    ("34000", "Montpellier", "04", 3), ("13006", "Marseille", "04", 3), ("13100", "Aix-en-Provence", "04", 2),
    ("06000", "Nice", "04", 2), ("69003", "Lyon", "04", 5), ("69006", "Lyon", "04", 3), ("38000", "Grenoble", "04", 2),
    ("74000", "Annecy", "04", 2), ("21000", "Dijon", "03", 2), ("67000", "Strasbourg", "03", 3), ("54000", "Nancy", "03", 2),
    ("51100", "Reims", "03", 2), ("59000", "Lille", "03", 4), ("59800", "Lille", "03", 2), ("80000", "Amiens", "03", 1),
    ("76000", "Rouen", "02", 2), ("14000", "Caen", "02", 2), ("75011", "Paris", "01", 6), ("75015", "Paris", "01", 6),
    ("75017", "Paris", "01", 4), ("75005", "Paris", "01", 3), ("75020", "Paris", "01", 3), ("92100", "Boulogne-Billancourt", "01", 3),
    ("78000", "Versailles", "01", 3), ("94300", "Vincennes", "01", 2), ("93100", "Montreuil", "01", 2), ("91300", "Massy", "01", 1),
    ("63000", "Clermont-Ferrand", "04", 2), ("87000", "Limoges", "05", 1), ("25000", "Besançon", "03", 1),
    ("20000", "Ajaccio", "04", 1), ("20200", "Bastia", "04", 1),
]
FOREIGN = [("1050", "Ixelles", "Belgique", "+32 2"), ("4000", "Liège", "Belgique", "+32 4"),
           ("1160", "Auderghem", "Belgique", "+32 2"), ("1628", "Luxembourg", "Luxembourg", "+352"),
           ("1204", "Genève", "Suisse", "+41 22"), ("1003", "Lausanne", "Suisse", "+41 21"),
           ("28004", "Madrid", "Espagne", "+34 91"), ("10115", "Berlin", "Allemagne", "+49 30")]

STREETS = ["rue Nationale", "rue du Commerce", "avenue de la Gare", "rue Victor-Hugo", "rue Jean-Jaurès",
           "boulevard Gustave-Richard", "rue des Tisserands", "rue Saint-Pierre", "place du Marché", "rue de la Paix",
           "rue Pasteur", "avenue Foch", "rue des Lilas", "chemin des Vignes", "rue du Château", "rue de la Mairie",
           "impasse des Tilleuls", "allée des Peupliers", "rue Gambetta", "avenue du Général-Leclerc",
           "rue de la République", "rue des Écoles", "rue du Moulin", "quai de la Loire", "rue Carnot",
           "rue Émile-Zola", "boulevard de la Liberté", "rue des Acacias", "rue Anatole-France", "rue de Verdun",
           "avenue des Sables", "rue du Port", "rue de la Fontaine", "rue Molière", "rue du Stade",
           "résidence Les Hortensias, rue des Fleurs", "rue Saint-Louis", "rue des Jardins", "route de Nantes",
           "rue Paul-Bert", "rue Lamartine", "rue des Halles", "avenue Jean-Moulin", "rue de Bretagne",
           "rue Sadi-Carnot", "rue Voltaire", "rue du Pont", "rue de l'Église", "chemin de la Croix-Verte"]
FOREIGN_STREETS = {"Belgique": ["rue de la Brasserie", "avenue Louise", "rue du Bailli", "chaussée de Wavre"],
                   "Luxembourg": ["boulevard Royal", "rue de Hollerich"], "Suisse": ["rue de Carouge", "avenue de Rumine"],
                   "Espagne": ["calle de Alcalá", "calle de Serrano"], "Allemagne": ["Kastanienallee", "Oderberger Straße"]}
DOMAINS = ["exemple.fr", "mail.fr", "courriel.fr", "exemple.com", "boite.fr", "exemple.org"]

PROS = [("Gîte Le Moulin de Sèvre", "49300", "Cholet"), ("Chambres d'hôtes La Closerie", "49400", "Saumur"),
        ("Hôtel Le Relais des Mauges", "49600", "Beaupréau-en-Mauges"), ("Domaine de la Brunetière", "44190", "Clisson"),
        ("Les Cabanes du Marais", "85100", "Les Sables-d'Olonne"), ("Maison d'hôtes Ker Avel", "56000", "Vannes"),
        ("Crèche Les Petits Tisserands", "44000", "Nantes"), ("Restaurant L'Auberge du Layon", "49000", "Angers")]
