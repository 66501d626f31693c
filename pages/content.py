# ruff: noqa: E501 -- paragraphs of prose, one per line, as the admin shows them
"""The first text of each information page, in French and in English.

Written once, by the migration that creates the pages; coordinators change them in the admin
afterwards. The publisher's name and address are not here: they come from the settings.
"""

PAGES = [
    {
        "slug": "a-propos",
        "position": 1,
        "title": "À propos",
        "title_en": "About",
        "body": """Ce site publie, mot pour mot, la synthèse de la journée des Assises de l’Insertion tenue en Wallonie picarde, et suit en public ce que deviennent ses recommandations : à qui elles ont été envoyées, ce que les autorités ont répondu, ce qui a été fait.

Les Assises de l’Insertion ont réuni des professionnels de l’insertion socioprofessionnelle : des centres d’insertion socioprofessionnelle (CISP), le Service Insertion d’un CPAS et des membres des comités subrégionaux de l’emploi et de la formation. Le document qu’ils ont produit existe en français seulement.

Le suivi est tenu par la coordination des Assises en Wallonie picarde. Les organisations partenaires peuvent y commenter, co-signer une recommandation et donner leur avis sur ce qui a été fait, sous le nom de leur organisation.

Chaque changement est un événement daté, avec sa raison publique. Les événements ne sont jamais modifiés ni effacés : une erreur se corrige par un nouvel événement qui dit ce qu’il corrige.""",
        "body_en": """This site publishes, word for word, the synthesis of the Assises de l’Insertion day held in Wallonie picarde, and follows in public what becomes of its recommendations: who they were sent to, what the authorities answered, what was done.

The Assises de l’Insertion brought together professionals of social and professional insertion: insertion training centres (CISP), the insertion service of a public social welfare centre (CPAS) and members of the sub-regional employment and training committees. The document they produced exists in French only.

The follow-up is kept by the coordination of the Assises in Wallonie picarde. Partner organisations can comment, co-sign a recommendation and give their view of what was done, under their organisation’s name.

Every change is a dated event with its public reason. Events are never edited or deleted: a mistake is corrected by a new event that says what it corrects.""",
    },
    {
        "slug": "contact",
        "position": 2,
        "title": "Contact",
        "title_en": "Contact",
        "body": """Pour une question sur le suivi, pour signaler une erreur ou pour exercer vos droits sur vos données personnelles, écrivez à l’éditeur du site, à l’adresse indiquée ci-dessous.

Les autorités qui ont reçu une recommandation peuvent répondre par le lien de leur courrier d’envoi ; leur réponse est publiée dans ses propres mots.""",
        "body_en": """For a question about the follow-up, to report a mistake or to exercise your rights over your personal data, write to the publisher of the site at the address given below.

Authorities that received a recommendation can answer through the link in their covering letter; their answer is published in their own words.""",
    },
    {
        "slug": "methodologie",
        "position": 3,
        "title": "Méthodologie",
        "title_en": "Methodology",
        "body": """Le document. Le texte des ateliers est celui de la synthèse des Assises, reproduit mot pour mot à partir du PDF : seuls les accidents de l’extraction (lignes coupées, glyphes de flèche) ont été défaits. Sur le site, les mots du document sont toujours présentés comme des citations.

Les recommandations. Chaque solution proposée par un atelier, et chaque piste à creuser, est devenue une recommandation. Le titre reprend l’intitulé de la solution. L’énoncé et le résumé facile à lire ont été rédigés par la coordination du suivi à partir du document : ils reformulent la solution et les constats de l’atelier sur lesquels elle s’appuie, sans rien ajouter que le document ne dit pas. Ce ne sont pas les mots des participants ; chaque page de recommandation le dit et renvoie aux passages du document.

Les destinataires visés. Pour chaque recommandation, la coordination a choisi les autorités ou acteurs compétents pour y donner suite (Gouvernement wallon, Forem, niveau fédéral, Fédération Wallonie-Bruxelles, pouvoirs locaux, employeurs, secteur de l’insertion…). Le document ne les nomme pas : c’est un choix du suivi, indiqué comme tel.

Les traductions. Les titres, énoncés et résumés sont traduits en anglais par la coordination du suivi. Le document lui-même n’est pas traduit.

Les statuts. Le suivi a deux axes séparés : ce que chaque autorité a répondu, et ce qui a été fait. La coordination enregistre chaque changement avec sa date et sa raison. « Réalisée » demande une preuve : un acte adopté, une ligne budgétaire ou une mesure publiée. « Sans réponse » commence le lendemain de la date de réponse attendue. La page « Comment lire ces statuts » détaille chaque statut.""",
        "body_en": """The document. The text of the workshops is the synthesis of the Assises, reproduced word for word from the PDF: only the accidents of the extraction (broken lines, arrow glyphs) were undone. On the site, the document’s words are always presented as quotations, in French.

The recommendations. Each solution put forward by a workshop, and each lead to explore, became a recommendation. The title takes up the solution’s heading. The statement and the easy-read summary were written by the coordination of the follow-up from the document: they rephrase the solution and the workshop’s findings it rests on, adding nothing the document does not say. They are not the participants’ words; each recommendation page says so and links to the passages of the document.

The addressees. For each recommendation, the coordination chose the authorities or actors able to act on it (Walloon Government, Forem, federal level, Fédération Wallonie-Bruxelles, local authorities, employers, the insertion sector…). The document does not name them: it is a choice of the follow-up, shown as such.

Translations. Titles, statements and summaries are translated into English by the coordination of the follow-up. The document itself is not translated.

Statuses. The follow-up has two separate axes: what each authority answered, and what was done. The coordination records each change with its date and its reason. “Done” (réalisée) needs proof: an adopted act, a budget line or a published measure. “No answer” (sans réponse) starts the day after the expected answer date. The page “How to read these statuses” explains each status.""",
    },
    {
        "slug": "vie-privee",
        "position": 4,
        "title": "Vie privée",
        "title_en": "Privacy",
        "body": """Le public lit ce site sans compte. Aucune donnée personnelle n’est publiée sur les pages publiques, et le site ne dépose aucun traceur publicitaire ni de mesure d’audience ; il ne charge rien depuis un autre site.

Comptes des partenaires. Pour chaque personne invitée par la coordination, le site garde son nom, son adresse électronique, son organisation, sa langue et ses choix de courriels, ainsi que ses commentaires et avis. Ses commentaires sont publiés sous le nom de son organisation. Ces données servent à faire fonctionner la participation et à la prévenir des nouveautés qu’elle a choisies.

Abonnés aux alertes. Une personne qui s’abonne aux alertes donne son adresse électronique, utilisée seulement pour lui envoyer les alertes choisies ; un lien dans chaque courriel permet de se désabonner.

Contacts des destinataires. Pour envoyer les recommandations, la coordination enregistre les coordonnées professionnelles des autorités et de leurs services.

Sécurité et conservation. Les mots de passe sont enregistrés chiffrés. Les tentatives de connexion sont gardées un temps limité pour bloquer les abus. Les données d’un compte sont gardées tant que le compte est actif ; un compte peut être fermé sur demande.

Vos droits. Selon le règlement général sur la protection des données (RGPD), vous pouvez demander à voir, corriger ou effacer vos données, en limiter l’usage ou vous y opposer, en écrivant à l’éditeur du site (voir la page Contact). Vous pouvez aussi porter plainte auprès de l’Autorité de protection des données (Belgique).""",
        "body_en": """The public reads this site without an account. No personal data is published on the public pages, and the site sets no advertising tracker and no audience measurement; it loads nothing from another site.

Partners’ accounts. For each person invited by the coordination, the site keeps their name, e-mail address, organisation, language and e-mail choices, as well as their comments and views. Their comments are published under their organisation’s name. This data serves to run the participation and to tell them about the news they chose.

Alert subscribers. A person who subscribes to alerts gives their e-mail address, used only to send them the alerts they chose; a link in each e-mail lets them unsubscribe.

Recipients’ contacts. To send the recommendations, the coordination records the professional contact details of the authorities and their departments.

Security and retention. Passwords are stored encrypted. Sign-in attempts are kept for a limited time to block abuse. An account’s data is kept as long as the account is active; an account can be closed on request.

Your rights. Under the General Data Protection Regulation (GDPR), you can ask to see, correct or erase your data, to restrict its use or to object to it, by writing to the publisher of the site (see the Contact page). You can also lodge a complaint with the Data Protection Authority (Belgium).""",
    },
]
