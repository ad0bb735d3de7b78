-- Who holds the exam: the académie and the centre (school and town), printed on the fiche
-- d'évaluation, the codes sheet and the harmonisation. One row, filled in by the centre.
CREATE TABLE centre_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    academie TEXT NOT NULL,
    centre TEXT NOT NULL,
    city TEXT NOT NULL
) STRICT;
INSERT INTO centre_identity (id, academie, centre, city) VALUES (1, '', '', '');
