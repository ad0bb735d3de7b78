-- The predefined reply "Retour produit" sent customers to a "Retours produits" section of
-- their account, which the shop does not have: it now says how a return is asked for.
UPDATE predefined_reply SET body = 'Bonjour,

Nous sommes désolés que l''article ne vous convienne pas. Vous disposez de 30 jours pour nous le retourner : répondez simplement à ce message en indiquant votre numéro de commande et les articles concernés, et nous vous enverrons une étiquette de retour prépayée. Nous vous rembourserons dès réception.

Bien cordialement,
Le service client des Toiles de Loire'
WHERE title = 'Retour produit' AND body LIKE '%rubrique « Retours produits »%';
