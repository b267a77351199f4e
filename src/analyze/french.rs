//! French word tables used by the scanner and the analyzer: elided
//! clitics, words whose apostrophe or hyphen must not split them, pronouns
//! of verb–pronoun inversion, ordinal suffixes and Roman ordinals, the
//! endings capitals lose, the words the stemmer must not decide, and the
//! plurals and feminines it does not stem as their singular or masculine.
//! All lookups take the lower-case normalised form (apostrophes as `'`,
//! hyphens as `-`).

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Elided clitics, with their apostrophe. Split off the word they lean on and
/// labelled as stopwords.
const CLITICS: &[&str] = &[
    "c'", "d'", "j'", "jusqu'", "l'", "lorsqu'", "m'", "n'", "presqu'", "puisqu'", "qu'",
    "quelqu'", "quoiqu'", "s'", "t'", "ç'",
];

/// Words that contain an apostrophe or a hyphen which neither elides nor
/// inverts: they stay one token.
const WHOLE_WORDS: &[&str] = &[
    "aujourd'hui",
    "c'est-à-dire",
    "entr'ouvert",
    "garde-à-vous",
    "jusqu'au-boutisme",
    "jusqu'au-boutiste",
    "jusqu'au-boutistes",
    "presqu'île",
    "presqu'îles",
    "prud'homal",
    "prud'homale",
    "prud'homales",
    "prud'homaux",
    "prud'homie",
    "prud'homme",
    "prud'hommes",
    "quelqu'un",
    "quelqu'une",
    "rendez-vous",
    "sauve-qui-peut",
];

/// Subject pronouns of an inversion (`pourrait-elle`, `dit-on`, `est-ce`).
const SUBJECT_PRONOUNS: &[&str] = &[
    "ce", "elle", "elles", "il", "ils", "je", "nous", "on", "tu", "vous",
];

/// Object pronouns after an imperative (`donnez-nous`, `allons-y`).
const OBJECT_PRONOUNS: &[&str] = &[
    "en", "la", "le", "les", "leur", "lui", "moi", "nous", "toi", "vous", "y",
];

/// Words before a final pronoun that show a compound name, not a verb
/// (`garde-à-vous`, `Saint-Germain-en-Laye`).
const NOT_VERBS: &[&str] = &[
    "à", "au", "aux", "de", "des", "du", "en", "entre", "lès", "lez", "sous", "sur",
];

/// Ordinal suffixes after digits: `1er`, `2e`, `3ème`, `2nd`, `XXIe`, and
/// the frequent misspelling `2ième`; `-ème` and `-ère` also typed without
/// their accent (`3eme`, `1ere`); the masculine ordinal indicator of
/// `1º` (primo), a letter (`1°`, with the degree sign typed for it, is a
/// number by its unit).
const ORDINAL_SUFFIXES: &[&str] = &[
    "e", "è", "ème", "èmes", "eme", "emes", "er", "ers", "es", "ère", "ères", "ere", "eres", "re",
    "res", "nd", "nde", "ndes", "nds", "ième", "ièmes", "ieme", "iemes", "ᵉ", "ᵉʳ", "ʳᵉ", "º",
];

/// For an article that may be part of a name, whether it is written in
/// capitals: `Le`, `La`, `Les` (`Le Pen`, `La Réunion`, `Les Républicains`)
/// and `LE`, `LA`, `LES` (`Bruno LE MAIRE`); `None` for any other word.
pub(crate) fn name_article(text: &str) -> Option<bool> {
    match text {
        "Le" | "La" | "Les" => Some(false),
        "LE" | "LA" | "LES" => Some(true),
        _ => None,
    }
}

/// True for a civility title, lower-cased, without its dot: `M.`, `MM.`,
/// `Mme`, `Mmes`, `Mlle`, `Monsieur`, `Madame`, `Mademoiselle`, after which
/// an article in capitals opens a name (`Madame LE PEN`).
pub(crate) fn is_civility_title(lower: &str) -> bool {
    matches!(
        lower,
        "m" | "mm" | "mme" | "mmes" | "mlle" | "mlles" | "monsieur" | "madame" | "mademoiselle"
    )
}

/// Offices that follow a civility title and an article, folded: in
/// `MONSIEUR LE PRÉSIDENT` the article is no part of a name.
pub(crate) fn is_office(folded: &str) -> bool {
    matches!(
        folded,
        "president"
            | "presidente"
            | "ministre"
            | "premier"
            | "premiere"
            | "secretaire"
            | "rapporteur"
            | "rapporteure"
            | "depute"
            | "deputee"
            | "senateur"
            | "senatrice"
            | "prefet"
            | "prefete"
            | "directeur"
            | "directrice"
            | "general"
            | "procureur"
            | "garde"
    )
}

/// True for an elided clitic such as `l'` or `jusqu'`.
pub(crate) fn is_clitic(lower: &str) -> bool {
    lower.ends_with('\'') && CLITICS.contains(&lower)
}

/// True for a word that stays whole despite its apostrophe or hyphen; a
/// word without any accent (in capitals without them, or typed without
/// them) also when it is one of them without its accents: `PRESQU'ILE`,
/// `c'est-a-dire`, which would otherwise lose a clitic and be a term
/// (`ile`, `est-a-dire`).
pub(crate) fn is_whole_word(lower: &str) -> bool {
    static FOLDED: OnceLock<Vec<String>> = OnceLock::new();
    WHOLE_WORDS.contains(&lower)
        || (lower.is_ascii()
            && FOLDED
                .get_or_init(|| WHOLE_WORDS.iter().map(|w| super::fold(w)).collect())
                .iter()
                .any(|w| w == lower))
}

/// The locution that an abbreviation of one stands for: `c.-à-d.`,
/// `c-à-d`, `c.à.d.` and `càd` are `c'est-à-dire`, whose key and stopword
/// label they take. `cad` alone is none: `CAD` is also an acronym (the
/// OECD's Comité d'aide au développement). `None` for any other word.
pub(crate) fn abbreviated_locution(lower: &str) -> Option<&'static str> {
    if lower.len() > 12 || !lower.starts_with('c') {
        return None;
    }
    // Compared without building the word without its marks: this runs for
    // every word type that starts with `c`.
    let plain = || {
        lower
            .chars()
            .filter(|&c| c != '.' && !super::scan::is_hyphen(c))
    };
    let abbreviated = plain().eq("càd".chars()) || (lower != "cad" && plain().eq("cad".chars()));
    abbreviated.then_some("c'est-à-dire")
}

/// Endings that capitals written without accents lose, and that the
/// Snowball stemmer reads: "-ité(s)" is cut from a noun only with its
/// accent, "-ée(s)" and "-ière(s)" likewise. Unambiguous ones only: a final
/// "-e" or "-es" may be a verb as well as a participle ("engage", "engagé").
const UNACCENTED_ENDINGS: &[(&str, &str)] = &[
    ("ites", "ités"),
    ("ite", "ité"),
    ("ieres", "ières"),
    ("iere", "ière"),
    ("ees", "ées"),
    ("ee", "ée"),
];

/// Frequent words whose final "-ès" the stemmer reads, unlike "-es".
const UNACCENTED_WORDS: &[(&str, &str)] = &[
    ("acces", "accès"),
    ("congres", "congrès"),
    ("deces", "décès"),
    ("exces", "excès"),
    ("proces", "procès"),
    ("progres", "progrès"),
    ("succes", "succès"),
];

/// Letters a text written without accents has at least: French text of a
/// thousand letters without one accent is text typed without accents, not
/// chance (about one letter in twenty-five carries one).
pub const UNACCENTED_MIN_LETTERS: usize = 1000;

/// Whether `text` is French typed without accents: at least
/// [`UNACCENTED_MIN_LETTERS`] ASCII letters, and no letter outside ASCII
/// (an accented letter, `œ`, or a letter of another script). Its words in
/// lower case lost their accents as capitals do, and get the accent of an
/// ending back as words in capitals do ([`with_accented_ending`]).
pub fn written_without_accents(text: &str) -> bool {
    if text.len() < UNACCENTED_MIN_LETTERS {
        return false;
    }
    let mut letters = 0;
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            letters += 1;
        } else if !c.is_ascii() && c.is_alphabetic() {
            return false;
        }
    }
    letters >= UNACCENTED_MIN_LETTERS
}

/// The lower-case form of a word written in capitals without any accent
/// ("SECURITE"), with the accent of its ending put back ("securité"), so
/// that it stems as the accented word does; `None` when no ending applies.
pub(crate) fn with_accented_ending(lower: &str) -> Option<String> {
    // A word the exception table decides keeps its key (`DROITE` is not
    // `droité`, whose stem is that of `droit`), and an acronym its form
    // (`INSEE` is not `inseé`).
    let last = lower.rsplit('-').next().unwrap_or(lower);
    if stem_exception(last).is_some() || keeps_its_form(last) {
        return None;
    }
    if let Some(&(_, accented)) = UNACCENTED_WORDS.iter().find(|&&(plain, _)| plain == lower) {
        return Some(accented.to_string());
    }
    UNACCENTED_ENDINGS.iter().find_map(|&(plain, accented)| {
        let stem = lower.strip_suffix(plain)?;
        // At least a syllable before the ending: "ite" or "ee" alone stay.
        (stem.len() >= 2).then(|| format!("{stem}{accented}"))
    })
}

/// Words whose Snowball stem is wrong for political text, with the key
/// they get instead (accents folded):
///
/// - words that would get the stem of a word of another meaning: `droite`
///   is not `droit` (law, a right), the `marché` (market) is not the
///   `marche` (walk, and `La République en marche`), the doctrines and
///   their partisans (`-isme`, `-iste`) are not the words they come from
///   (`populisme` and `population`, `socialiste` and `social`,
///   `communiste` and `commune`, `nationaliste` and `national`), nor the
///   `loyer` (rent) the `loi` (law), the `foyer` (household) the `foi`
///   (faith), the `délit` (offence) the `délai` (time limit), the `profit`
///   the `profs`, `petite` a `pétition`, `étranger` (foreign) `étrange`
///   (strange), `amiante` (asbestos) `ami` (friend), a `parti` (party) the
///   `part` (share) and `partir` (to leave), the `Parlement` `parler` (to
///   speak), `données` (data) `donner` (to give), `communication` the
///   `commune`, a `département` a `départ`, `cours` the `Cour` (court),
///   `sorte` (kind) `sortir`, `fonds` (funds) `fond`, `environnement`
///   `environ` (about), `Mali` `mal`, `Gaza` `gaz`, `Crimée` `crime`,
///   `fier` (proud) `FI`, `repas` and `répit` `REP`, `mère` (mother) `mer`
///   (sea), `effectivement` `effectifs` (staff), `justement` `juste`,
///   `France` `franc`, `génération` `généreux`, `présidence` `président`,
///   `côte` (coast) `côté` (side), `voie` (way) `voyez` (you see);
/// - `covid-19` and `covid19`, which have the key of `covid`;
/// - words in `-ais` whose ending the stemmer reads as a verb's (`je
///   pensais`): adjectives of nationality and place, `mauvais`, `niais`
///   and `biais` keep it, so that the masculine has the key of the feminine
///   (`français` had the key of `France` and `franc`, `française` its own),
///   also in capitals without accents (`FRANCAIS`);
/// - frequent adjectives whose genders the stemmer keeps apart: `publique`
///   (`publiqu`) gets the key of `public`, `nouvelle` and `nouvel` that of
///   `nouveau`, `longue` that of `long`, `étranger` that of `étrangère`.
///
/// Plurals are looked up through [`singular`]. Sorted, for reading.
const STEM_EXCEPTIONS: &[(&str, &str)] = &[
    ("albanais", "albanais"),
    ("amiante", "amiante"),
    ("angolais", "angolais"),
    ("antifrancais", "antifrancais"),
    ("antifrançais", "antifrancais"),
    ("antillais", "antillais"),
    ("ardennais", "ardennais"),
    ("aveyronnais", "aveyronnais"),
    ("azerbaidjanais", "azerbaidjanais"),
    ("azerbaïdjanais", "azerbaidjanais"),
    ("bangladais", "bangladais"),
    ("bearnais", "bearnais"),
    ("bhoutanais", "bhoutanais"),
    ("biais", "biais"),
    ("bordelais", "bordelais"),
    ("burundais", "burundais"),
    ("béarnais", "bearnais"),
    ("camerounais", "camerounais"),
    ("charentais", "charentais"),
    ("communication", "communication"),
    ("communications", "communication"),
    ("communisme", "communist"),
    ("communismes", "communist"),
    ("communiste", "communist"),
    ("communistes", "communist"),
    ("congolais", "congolais"),
    ("cours", "cours"),
    ("covid-19", "covid"),
    ("covid19", "covid"),
    ("crimee", "crimee"),
    ("crimée", "crimee"),
    ("côte", "cote"),
    ("côtes", "cote"),
    ("delit", "delit"),
    ("departement", "departement"),
    ("departements", "departement"),
    ("donnee", "donnee"),
    ("donnees", "donnee"),
    ("donnée", "donnee"),
    ("données", "donnee"),
    ("droite", "droite"),
    ("droites", "droite"),
    ("délit", "delit"),
    ("département", "departement"),
    ("départements", "departement"),
    ("ecossais", "ecossais"),
    ("effectivement", "effectivement"),
    ("environnement", "environnement"),
    ("environnements", "environnement"),
    ("etranger", "etranger"),
    ("fier", "fier"),
    ("fiere", "fier"),
    ("fieres", "fier"),
    ("fiers", "fier"),
    ("finlandais", "finlandais"),
    ("fière", "fier"),
    ("fières", "fier"),
    ("fonds", "fonds"),
    ("foyer", "foyer"),
    ("francais", "francais"),
    ("france", "france"),
    ("français", "francais"),
    ("gabonais", "gabonais"),
    ("gaza", "gaza"),
    ("generation", "generation"),
    ("generations", "generation"),
    ("groenlandais", "groenlandais"),
    ("guyanais", "guyanais"),
    ("génération", "generation"),
    ("générations", "generation"),
    ("hollandais", "hollandais"),
    ("hongkongais", "hongkongais"),
    ("irlandais", "irlandais"),
    ("islandais", "islandais"),
    ("japonais", "japonais"),
    ("justement", "justement"),
    ("libanais", "libanais"),
    ("longue", "long"),
    ("longues", "long"),
    ("loyer", "loyer"),
    ("lyonnais", "lyonnais"),
    ("macanais", "macanais"),
    ("mahorais", "mahorais"),
    ("malais", "malais"),
    ("mali", "mali"),
    ("maltais", "maltais"),
    ("marché", "marche"),
    ("marchés", "marche"),
    ("marseillais", "marseillais"),
    ("martiniquais", "martiniquais"),
    ("mauvais", "mauvais"),
    ("mere", "mere"),
    ("meres", "mere"),
    ("milanais", "milanais"),
    ("montrealais", "montrealais"),
    ("montréalais", "montrealais"),
    ("mère", "mere"),
    ("mères", "mere"),
    ("nantais", "nantais"),
    ("nationalisme", "nationalist"),
    ("nationalismes", "nationalist"),
    ("nationaliste", "nationalist"),
    ("nationalistes", "nationalist"),
    ("neerlandais", "neerlandais"),
    ("nepalais", "nepalais"),
    ("niais", "niais"),
    ("nouvel", "nouveau"),
    ("nouvelle", "nouveau"),
    ("nouvelles", "nouveau"),
    ("néerlandais", "neerlandais"),
    ("népalais", "nepalais"),
    ("ougandais", "ougandais"),
    ("pakistanais", "pakistanais"),
    ("parlement", "parlement"),
    ("parlements", "parlement"),
    ("parti", "parti"),
    ("partis", "parti"),
    ("petit", "petit"),
    ("petition", "petition"),
    ("petitions", "petition"),
    ("polonais", "polonais"),
    ("populisme", "populist"),
    ("populismes", "populist"),
    ("populiste", "populist"),
    ("populistes", "populist"),
    ("portugais", "portugais"),
    ("presidence", "presidence"),
    ("presidences", "presidence"),
    ("profit", "profit"),
    ("présidence", "presidence"),
    ("présidences", "presidence"),
    ("publique", "public"),
    ("publiques", "public"),
    ("pétition", "petition"),
    ("pétitions", "petition"),
    ("rennais", "rennais"),
    ("repas", "repas"),
    ("repit", "repit"),
    ("reunionnais", "reunionnais"),
    ("rouennais", "rouennais"),
    ("rwandais", "rwandais"),
    ("répit", "repit"),
    ("réunionnais", "reunionnais"),
    ("senegalais", "senegalais"),
    ("socialisme", "socialist"),
    ("socialismes", "socialist"),
    ("socialiste", "socialist"),
    ("socialistes", "socialist"),
    ("sorte", "sorte"),
    ("sortes", "sorte"),
    ("soudanais", "soudanais"),
    ("sénégalais", "senegalais"),
    ("taiwanais", "taiwanais"),
    ("taïwanais", "taiwanais"),
    ("thailandais", "thailandais"),
    ("thaïlandais", "thailandais"),
    ("togolais", "togolais"),
    ("toulonnais", "toulonnais"),
    ("voie", "voie"),
    ("voies", "voie"),
    ("zelandais", "zelandais"),
    ("zélandais", "zelandais"),
    ("écossais", "ecossais"),
    ("étranger", "etranger"),
];

/// A table of word pairs, looked up by hashing (each word form of a corpus
/// is looked up once per thread): the map is built on first use.
struct WordTable {
    entries: &'static [(&'static str, &'static str)],
    map: OnceLock<HashMap<&'static str, &'static str>>,
}

impl WordTable {
    const fn new(entries: &'static [(&'static str, &'static str)]) -> WordTable {
        WordTable {
            entries,
            map: OnceLock::new(),
        }
    }

    fn get(&self, word: &str) -> Option<&'static str> {
        let map = self
            .map
            .get_or_init(|| self.entries.iter().copied().collect());
        map.get(word).copied()
    }
}

static STEM_EXCEPTION_TABLE: WordTable = WordTable::new(STEM_EXCEPTIONS);
static PLURAL_TABLE: WordTable = WordTable::new(PLURALS);
static FEMININE_TABLE: WordTable = WordTable::new(FEMININES);

/// Feminine nouns and adjectives whose ending the stemmer reads otherwise
/// than their masculine's, with that masculine. In `-euse`, the stemmer
/// takes them for adjectives in `-eux` (`heureuse`, `heureux`) and gives
/// some the key of another word: `employeuse` that of `emploi`,
/// `demandeuse` that of `demande`, `travailleuse` that of `travailler`;
/// the others a key of their own (`chercheuse` → `chercheux`). Which
/// words in `-euse` have a masculine in `-eur` cannot be told from the
/// ending (`nombreuse`, `sérieuse`; `meuse`; `tondeuse` is a machine),
/// hence a list. Sorted, for reading.
const FEMININES: &[(&str, &str)] = &[
    ("chanteuse", "chanteur"),
    ("chercheuse", "chercheur"),
    ("chômeuse", "chômeur"),
    ("coiffeuse", "coiffeur"),
    ("contrôleuse", "contrôleur"),
    ("danseuse", "danseur"),
    ("demandeuse", "demandeur"),
    ("donneuse", "donneur"),
    ("employeuse", "employeur"),
    ("emprunteuse", "emprunteur"),
    ("entrepreneuse", "entrepreneur"),
    ("flatteuse", "flatteur"),
    ("fumeuse", "fumeur"),
    ("influenceuse", "influenceur"),
    ("joueuse", "joueur"),
    ("lanceuse", "lanceur"),
    ("menteuse", "menteur"),
    ("nageuse", "nageur"),
    ("paysanne", "paysan"),
    ("porteuse", "porteur"),
    ("preneuse", "preneur"),
    ("prometteuse", "prometteur"),
    ("pêcheuse", "pêcheur"),
    ("receveuse", "receveur"),
    ("repreneuse", "repreneur"),
    ("serveuse", "serveur"),
    ("travailleuse", "travailleur"),
    ("trompeuse", "trompeur"),
    ("vendeuse", "vendeur"),
    ("voleuse", "voleur"),
    ("voyageuse", "voyageur"),
];

/// Acronyms with a vowel whose ending the stemmer cuts, often onto
/// another word's key (`PACS` → `pac`, the key of `PAC`; `CEA` and `CEE` →
/// `ce`; `OMS` → `om`; `ETS` → `et`; `CAPES` → `cap`; `INSEE` → `inse`):
/// they keep their form, in capitals or not (`Insee`). Institutions,
/// programmes, laws and taxes of French public life and their European
/// and international peers, found in the shared corpora; not those whose
/// lower-case form is also a French word (`PACTE`, `CITE`, `LOTI`).
/// Sorted, for binary search.
const ACRONYMS: &[&str] = &[
    "aefe", "aeras", "aes", "ags", "aiea", "anses", "aripa", "ars", "avs", "bafa", "beps", "caes",
    "capejs", "capes", "cea", "cee", "cerema", "cerfa", "cese", "ceta", "cice", "cide", "cimer",
    "ciri", "cits", "cjue", "cnes", "crous", "cvae", "dares", "ddadue", "deaes", "dgos",
    "direccte", "drees", "eaje", "earta", "eds", "efs", "ehs", "eile", "epide", "eps", "esms",
    "ets", "fatca", "fdes", "feader", "fifa", "fiva", "fnsea", "gafa", "gipa", "iade", "ibode",
    "ineris", "injs", "inrae", "insee", "ipbes", "jcpoa", "jefta", "jirs", "licra", "minusma",
    "oms", "oncfs", "onpes", "paca", "pacea", "paces", "pacs", "paje", "pejs", "pharos", "pirls",
    "pisa", "safer", "sars", "selni", "sneas", "suez", "ticfe", "ticpe", "ueea", "uema", "vae",
    "zee",
];

/// Whether a lower-case word (without hyphen) keeps its form as its key,
/// unstemmed: a word without a vowel, which is no French word but an
/// acronym or a symbol (`PS` had the key `p`, `CNRS` `cnr`, `CRS` `cr`),
/// or one of [`ACRONYMS`].
pub(crate) fn keeps_its_form(lower: &str) -> bool {
    let vowel = |c: char| {
        matches!(
            c,
            'a' | 'e'
                | 'i'
                | 'o'
                | 'u'
                | 'y'
                | 'à'
                | 'â'
                | 'ä'
                | 'é'
                | 'è'
                | 'ê'
                | 'ë'
                | 'î'
                | 'ï'
                | 'ô'
                | 'ö'
                | 'ù'
                | 'û'
                | 'ü'
                | 'ÿ'
                | 'œ'
                | 'æ'
        )
    };
    !lower.chars().any(vowel)
        || (lower.len() <= ACRONYM_MAX_BYTES && ACRONYMS.binary_search(&lower).is_ok())
}

/// The longest word of [`ACRONYMS`], in bytes: longer words are not looked up.
const ACRONYM_MAX_BYTES: usize = 8;

/// Whether a word in capitals is a Roman numeral of two letters or more
/// (`XIII`, `XIV`, `MCM`), which the stemmer would cut (`XIII` → `xii`).
pub(crate) fn is_roman_numeral(text: &str) -> bool {
    if text.len() < 2 || !text.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return false;
    }
    // Thousands, hundreds, tens and units, each in its canonical form.
    let mut rest = text.trim_start_matches('M');
    if text.len() - rest.len() > 3 {
        return false;
    }
    for (one, five, ten) in [('C', 'D', 'M'), ('X', 'L', 'C'), ('I', 'V', 'X')] {
        rest = roman_digit(rest, one, five, ten);
    }
    rest.is_empty()
}

/// `text` after the Roman digit at its start written with the letters for
/// one, five and ten of its place (none: `text` as it is).
fn roman_digit(text: &str, one: char, five: char, ten: char) -> &str {
    let nine: String = [one, ten].iter().collect();
    let four: String = [one, five].iter().collect();
    if let Some(rest) = text.strip_prefix(nine.as_str()) {
        return rest;
    }
    if let Some(rest) = text.strip_prefix(four.as_str()) {
        return rest;
    }
    let rest = text.strip_prefix(five).unwrap_or(text);
    let ones = rest.chars().take_while(|&c| c == one).count().min(3);
    &rest[ones..]
}

/// Words in `-trice` that are no feminine of a word in `-teur`.
const NOT_FEMININE_TRICE: &[&str] = &["béatrice", "cicatrice", "impératrice", "matrice", "patrice"];

/// The masculine to stem instead of a lower-case feminine word (without
/// hyphen), singular or plural, so that both genders share a key:
///
/// - a word in `-trice` of at least two letters before the ending, the
///   feminine of a word in `-teur` (`directrice`, `agricultrice`,
///   `électrice`, `protectrice`), which the stemmer keeps apart
///   (`directric`, `directeur`), unless it is one of
///   [`NOT_FEMININE_TRICE`] (`matrice`, `cicatrice`);
/// - a word of [`FEMININES`] (`chercheuse`, `employeuse`).
pub(crate) fn masculine(lower: &str) -> Option<String> {
    let singular = lower.strip_suffix('s').unwrap_or(lower);
    if !singular.ends_with('e') {
        return None;
    }
    // Every word of the table ends so.
    if singular.ends_with("euse") || singular.ends_with("anne") {
        if let Some(masculine) = FEMININE_TABLE.get(singular) {
            return Some(masculine.to_string());
        }
    }
    let base = singular.strip_suffix("trice")?;
    if base.chars().nth(1).is_none() || NOT_FEMININE_TRICE.contains(&singular) {
        return None;
    }
    Some(format!("{base}teur"))
}

/// The key of a lower-case word (without hyphen) that the stemmer must not
/// decide, if it is one of [`STEM_EXCEPTIONS`].
pub(crate) fn stem_exception(lower: &str) -> Option<&'static str> {
    STEM_EXCEPTION_TABLE.get(lower)
}

/// Plurals that the Snowball stemmer does not stem as their singular, with
/// that singular. Most keep a final `s` or `x` that the stemmer leaves: it
/// removes a final `s` only after a consonant other than `s` (or after
/// `è`), and leaves `-eux` alone, because `avis`, `mois`, `fois` or
/// `heureux` are singular too. Words in `-ais` and `-ois` (`français`,
/// `chinois`) and in `-is` (`soumis`, `Paris`) cannot be told from their
/// ending, hence a list. So are nouns in `-ion` whose plural the stemmer
/// reads as a verb's `-ions` (`nous parlions`): `commissions` → `comm`
/// while `commission` → `commiss`. Sorted, for reading.
const PLURALS: &[(&str, &str)] = &[
    ("abris", "abri"),
    ("adieux", "adieu"),
    ("amis", "ami"),
    ("appuis", "appui"),
    ("aveux", "aveu"),
    ("balais", "balai"),
    ("baux", "bail"),
    ("boyaux", "boyau"),
    ("cheveux", "cheveu"),
    ("commissions", "commission"),
    ("communions", "communion"),
    ("compromissions", "compromission"),
    ("connexions", "connexion"),
    ("contagions", "contagion"),
    ("convois", "convoi"),
    ("cris", "cri"),
    ("demissions", "demission"),
    ("dieux", "dieu"),
    ("démissions", "démission"),
    ("emplois", "emploi"),
    ("enjeux", "enjeu"),
    ("ennuis", "ennui"),
    ("envois", "envoi"),
    ("essais", "essai"),
    ("essieux", "essieu"),
    ("feux", "feu"),
    ("fleaux", "fleau"),
    ("fléaux", "fléau"),
    ("inflexions", "inflexion"),
    ("interconnexions", "interconnexion"),
    ("jeux", "jeu"),
    ("joyaux", "joyau"),
    ("lieux", "lieu"),
    ("lois", "loi"),
    ("materiaux", "materiau"),
    ("matériaux", "matériau"),
    ("milieux", "milieu"),
    ("neveux", "neveu"),
    ("noyaux", "noyau"),
    ("octrois", "octroi"),
    ("opinions", "opinion"),
    ("permissions", "permission"),
    ("préaux", "préau"),
    ("quais", "quai"),
    ("reflexions", "reflexion"),
    ("religions", "religion"),
    ("renvois", "renvoi"),
    ("rois", "roi"),
    ("réflexions", "réflexion"),
    ("soumissions", "soumission"),
    ("suspicions", "suspicion"),
    ("tournois", "tournoi"),
    ("transmissions", "transmission"),
    ("tuyaux", "tuyau"),
    ("voeux", "voeu"),
    ("vrais", "vrai"),
    ("vœux", "vœu"),
];

/// Words in `-s` that keep it, singular as well as plural: function words
/// (`nous`, `plus`, `vers`), words whose family the stemmer gathers under
/// the form with its `s` (`refuser` and `refus`, `incluse` and `inclus`,
/// `reposer` and `repos`), and words in `-ers` that are no plural (`divers`,
/// `travers`, `tiers`, `univers`), should the rule of [`singular`] reach
/// them. Sorted, for binary search.
const KEEP_S: &[&str] = &[
    "abus", "clos", "confus", "dessous", "dessus", "diffus", "divers", "enclos", "envers",
    "inclus", "intrus", "nous", "obtus", "perclus", "pervers", "plus", "reclus", "refus", "repos",
    "revers", "sous", "tiers", "tous", "travers", "univers", "vers", "vous",
];

/// The singular to stem instead of a lower-case plural word (without
/// hyphen), given its Snowball `stem`, so that the plural gets the key of
/// its singular:
///
/// - a word of [`PLURALS`];
/// - a word of at least four letters in `-us` or `-os` that the stemmer
///   left as it is (`élus`, `revenus`, `euros`, `vidéos`, `trous`): it keeps
///   the `s` because `virus` or `propos` end so too;
/// - a word in `-its` or `-irs` from which the stemmer removed only the
///   `s`, while it reads the singular's ending as a verb's and removes it
///   (`crédit` → `cred` but `crédits` → `crédit`; `conflits`, `déficits`,
///   `loisirs`): the plural is stemmed as the singular is. Other plurals
///   (`projets`, `enfants`) have the key of their singular already.
///
/// Words singular as well as plural would get the key of a word without
/// their `s` that merges them with nothing else, except for the words of
/// [`KEEP_S`], which keep the key they had.
pub(crate) fn singular<'a>(lower: &'a str, stem: &str) -> Option<&'a str> {
    if !lower.ends_with(['s', 'x']) {
        return None;
    }
    if let Some(singular) = PLURAL_TABLE.get(lower) {
        return Some(singular);
    }
    let bare = lower.strip_suffix('s')?;
    if bare.ends_with('s') || bare.chars().nth(2).is_none() {
        return None;
    }
    let kept = stem == lower && (bare.ends_with('u') || bare.ends_with('o'));
    // Only these endings are read as a verb's in the singular and not in
    // the plural; other plurals get their singular's key anyway. Not `-er`:
    // the stem of such a singular is often another word's (`usager` →
    // `usag`, the key of `usage`; `conseiller` → `conseil`), and its plural
    // is better left apart than merged.
    let verb_like = ["it", "ir"].iter().any(|e| bare.ends_with(e));
    ((kept || (verb_like && stem == bare)) && KEEP_S.binary_search(&lower).is_err()).then_some(bare)
}

/// True when `last`, after a hyphen, is a pronoun of inversion, given the
/// part `before` it.
pub(crate) fn is_inverted_pronoun(last: &str, before: &str) -> bool {
    if before.is_empty() || NOT_VERBS.contains(&before) {
        return false;
    }
    SUBJECT_PRONOUNS.contains(&last) || OBJECT_PRONOUNS.contains(&last)
}

/// True when `last`, after a hyphen, is the particle of a demonstrative
/// (`ce moment-là`, `cette fois-ci`, `celui-là`), split off as inverted
/// pronouns are, so that `moment-là` counts as `moment`.
pub(crate) fn is_demonstrative_particle(last: &str, before: &str) -> bool {
    !before.is_empty() && matches!(last, "là" | "ci")
}

/// True for the letters that follow the digits of an ordinal.
pub(crate) fn is_ordinal_suffix(suffix: &str) -> bool {
    ORDINAL_SUFFIXES.contains(&suffix.to_lowercase().as_str())
}

/// True for a Roman ordinal such as `XXIe`, `Ve`, `IIIe`, `Ier`: capital
/// Roman digits, then an ordinal suffix. A single Roman letter must be I, V
/// or X, so that `Ce` and `Le` stay words.
pub(crate) fn is_roman_ordinal(word: &str) -> bool {
    let digits = word
        .char_indices()
        .find(|&(_, c)| !matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
        .map_or(word.len(), |(k, _)| k);
    if digits == 0 || digits == word.len() {
        return false;
    }
    let roman = &word[..digits];
    if roman.len() == 1 && !matches!(roman, "I" | "V" | "X") {
        return false;
    }
    matches!(
        &word[digits..],
        "e" | "er" | "ème" | "eme" | "ᵉ" | "ᵉʳ" | "re" | "ère"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn exceptions_and_clitics_fit_the_scanner_bound() {
        // The scanner looks a run up only when it is at most this long; an
        // uppercase spelling of an entry may take up to 3 bytes a letter.
        let bound = super::super::scan::WHOLE_WORD_MAX_BYTES;
        for word in super::WHOLE_WORDS.iter().chain(super::CLITICS) {
            assert!(3 * word.len() <= bound, "{word}");
        }
    }

    /// The key of a text of one word, analysed by the built-in analyzer.
    fn key(text: &str) -> String {
        use crate::analyze::{Analyzer, Stopwords};
        static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
        let analyzer = ANALYZER.get_or_init(|| Analyzer::new(Stopwords::builtin()));
        let tokens = analyzer.analyze(text);
        assert_eq!(tokens.len(), 1, "{text}");
        tokens[0].key.to_string()
    }

    #[test]
    fn word_tables_are_sorted_and_hold_each_word_once() {
        let first = |table: &[(&'static str, &'static str)]| -> Vec<&'static str> {
            table.iter().map(|e| e.0).collect()
        };
        for words in [
            first(super::STEM_EXCEPTIONS),
            first(super::PLURALS),
            first(super::FEMININES),
            super::NOT_FEMININE_TRICE.to_vec(),
            super::ACRONYMS.to_vec(),
            super::KEEP_S.to_vec(),
        ] {
            assert!(super::ACRONYMS
                .iter()
                .all(|a| a.len() <= super::ACRONYM_MAX_BYTES));
            assert!(super::FEMININES
                .iter()
                .all(|(f, _)| f.ends_with("euse") || f.ends_with("anne")));
            let mut sorted = words.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(words, sorted);
        }
    }

    #[test]
    fn words_of_other_meanings_keep_apart() {
        for (a, b) in [
            ("droite", "droit"),
            ("Droites", "droits"),
            ("marché", "marche"),
            ("MARCHÉS", "marcher"),
            ("populisme", "population"),
            ("populistes", "populations"),
            ("socialiste", "sociale"),
            ("communistes", "communes"),
            ("nationalisme", "national"),
            ("extrême-droite", "extrême-droit"),
            ("loyer", "loi"),
            ("loyers", "lois"),
            ("foyer", "foi"),
            ("délits", "délais"),
            ("pétition", "petite"),
            ("profit", "profs"),
            ("étranger", "étrange"),
            ("amiante", "amis"),
            ("DROITE", "droit"),
            ("EXTREME-DROITE", "extrême-droit"),
            ("parti", "part"),
            ("partis", "partir"),
            ("Parlement", "parle"),
            ("données", "donner"),
            ("DONNEES", "don"),
            ("communication", "commune"),
            ("départements", "départs"),
            ("cours", "Cour"),
            ("sorte", "sortir"),
            ("fonds", "fond"),
            ("environnement", "environ"),
            ("Mali", "mal"),
            ("Gaza", "gaz"),
            ("Crimée", "crime"),
            ("fière", "FI"),
            ("repas", "REP"),
            ("répit", "REP"),
            ("mère", "mer"),
            ("effectivement", "effectifs"),
            ("justement", "juste"),
            ("France", "francs"),
            ("générations", "généreux"),
            ("présidence", "président"),
            ("côtes", "côté"),
            ("voie", "voyez"),
            // The stems of these singulars are other words': their plurals
            // are not moved onto them.
            ("usagers", "usage"),
            ("conseillers", "conseil"),
            ("fiers", "FI"),
        ] {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
        assert_eq!(key("DROITE"), key("droite"));
        assert_eq!(key("populismes"), key("populisme"));
        assert_eq!(key("pétitions"), key("pétition"));
        // Each family still shares one key.
        assert_eq!(key("droites"), key("droite"));
        assert_eq!(key("marchés"), key("Marché"));
        assert_eq!(key("populiste"), key("populisme"));
        assert_eq!(key("socialistes"), key("socialisme"));
        assert_eq!(key("national-populisme"), "national-populist");
        assert_eq!(key("partis"), key("parti"));
        assert_eq!(key("DONNEES"), key("donnée"));
        assert_eq!(key("FRANCE"), key("France"));
        assert_eq!(key("Départements"), key("DEPARTEMENT"));
        assert_eq!(key("COVID-19"), key("covid"));
        assert_eq!(key("Covid19"), key("covid"));
    }

    #[test]
    fn plurals_share_the_key_of_their_singular() {
        // Plurals the stemmer leaves with their s or x: by their ending
        // (-us, -os) or from the list (-ois, -ais, -is, -eux, -yaux).
        for (plural, singular) in [
            ("emplois", "emploi"),
            ("lois", "loi"),
            ("Lois", "loi"),
            ("élus", "élu"),
            ("ELUS", "élue"),
            ("revenus", "revenu"),
            ("contenus", "contenu"),
            ("individus", "individu"),
            ("euros", "euro"),
            ("vidéos", "vidéo"),
            ("trous", "trou"),
            ("pneus", "pneu"),
            ("enjeux", "enjeu"),
            ("lieux", "lieu"),
            ("milieux", "milieu"),
            ("vœux", "vœu"),
            ("amis", "ami"),
            ("essais", "essai"),
            ("noyaux", "noyau"),
            ("sans-abris", "sans-abri"),
            ("vrais", "vrai"),
            ("commissions", "commission"),
            ("réflexions", "réflexion"),
            ("voeux", "vœu"),
            ("baux", "bail"),
            ("matériaux", "matériau"),
            // The stemmer removes only the s of these plurals, and reads
            // the ending of their singular as a verb's.
            ("crédits", "crédit"),
            ("conflits", "conflit"),
            ("loyers", "loyer"),
            ("délits", "délit"),
        ] {
            assert_eq!(key(plural), key(singular), "{plural} / {singular}");
        }
        // Words whose family the stemmer gathers under the form with its s
        // keep it; singular words in -is, -ais, -ois keep their key.
        for (word, family) in [
            ("refus", "refuser"),
            ("inclus", "incluse"),
            ("repos", "reposer"),
            ("abus", "abuser"),
        ] {
            assert_eq!(key(word), key(family), "{word} / {family}");
        }
        for (word, other) in [
            ("mois", "moi"),
            ("fois", "foi"),
            ("Paris", "pari"),
            ("chinois", "Chine"),
            ("avis", "avi"),
        ] {
            assert_ne!(key(word), key(other), "{word} / {other}");
        }
        // A word of three letters is left alone (nus, vus, dos), and so are
        // words in -ers that are no plural.
        assert_eq!(key("dos"), "dos");
        for word in ["divers", "travers", "tiers", "univers"] {
            let stem = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French).stem(word);
            assert_eq!(key(word), stem, "{word}");
        }
    }

    #[test]
    fn adjectives_share_one_key_in_both_genders() {
        for (masculine, feminine) in [
            ("français", "française"),
            ("Français", "françaises"),
            ("FRANCAIS", "FRANÇAISE"),
            ("japonais", "japonaise"),
            ("néerlandais", "NEERLANDAISES"),
            ("mauvais", "mauvaise"),
            ("biais", "biaise"),
        ] {
            assert_eq!(key(masculine), key(feminine), "{masculine} / {feminine}");
        }
        for (feminine, masculine) in [
            ("publique", "public"),
            ("publiques", "publics"),
            ("étrangère", "étranger"),
            ("ETRANGERES", "ETRANGER"),
            ("nouvelle", "nouveau"),
            ("nouvel", "nouveaux"),
            ("longues", "long"),
        ] {
            assert_eq!(key(feminine), key(masculine), "{feminine} / {masculine}");
        }
        assert_ne!(key("étranger"), key("étrange"));
        assert_eq!(key("français"), "francais");
        assert_ne!(key("français"), key("France"));
        assert_ne!(key("français"), key("franc"));
        // The imperfect of verbs still has the key of the verb.
        assert_eq!(key("pensais"), key("penser"));
        assert_eq!(key("parlais"), key("parle"));
    }

    #[test]
    fn acronyms_and_roman_numerals_keep_their_form() {
        for (word, expected) in [
            ("PS", "ps"),
            ("CNRS", "cnrs"),
            ("CRS", "crs"),
            ("PACS", "pacs"),
            ("Pacs", "pacs"),
            ("OMS", "oms"),
            ("l'OMS", "oms"),
            ("CEA", "cea"),
            ("CEE", "cee"),
            ("INSEE", "insee"),
            ("Insee", "insee"),
            ("ETS", "ets"),
            ("CAPES", "capes"),
            ("XIII", "xiii"),
            ("MCMXCIV", "mcmxciv"),
        ] {
            let tokens = {
                use crate::analyze::{Analyzer, Stopwords};
                Analyzer::new(Stopwords::builtin()).analyze(word)
            };
            let last = tokens.last().unwrap();
            assert_eq!(last.key.as_str(), expected, "{word}");
        }
        // No longer the key of another word.
        for (a, b) in [
            ("PACS", "PAC"),
            ("CEA", "ce"),
            ("CEE", "CEA"),
            ("OMS", "om"),
            ("ETS", "et"),
            ("CAPES", "cap"),
            ("VAE", "va"),
            ("XIII", "XII"),
            ("SUEZ", "su"),
        ] {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
        // Words of French keep their stem, in capitals or not; Roman
        // letters that make no numeral are words.
        assert_eq!(key("PACTE"), key("pacte"));
        assert_eq!(key("CIVIL"), key("civil"));
        assert_eq!(key("civils"), key("civil"));
        assert_eq!(key("MIDI"), key("midi"));
        for numeral in [
            "XII", "XIV", "MMXXIV", "CD", "XC", "LXXX", "MCM", "DCCC", "IX",
        ] {
            assert!(super::is_roman_numeral(numeral), "{numeral}");
        }
        for word in [
            "I", "IIII", "VX", "IC", "MIDI", "CIVIL", "MMMM", "XXXX", "DD", "xii",
        ] {
            assert!(!super::is_roman_numeral(word), "{word}");
        }
    }

    #[test]
    fn feminine_nouns_share_the_key_of_their_masculine() {
        for (feminine, masculine) in [
            ("directrice", "directeur"),
            ("agricultrices", "agriculteurs"),
            ("Électrices", "électeurs"),
            ("sénatrice", "sénateur"),
            ("protectrice", "protecteur"),
            ("actrices", "acteur"),
            ("DIRECTRICE", "directeur"),
            ("travailleuses", "travailleurs"),
            ("employeuse", "employeur"),
            ("demandeuses", "demandeur"),
            ("chercheuse", "chercheurs"),
            ("porteuses", "porteur"),
            ("chômeuse", "chômeur"),
            ("paysannes", "paysans"),
            ("agricultrice-exportatrice", "agriculteur-exportateur"),
        ] {
            assert_eq!(key(feminine), key(masculine), "{feminine} / {masculine}");
        }
        // Before, these had the key of another word.
        assert_ne!(key("employeuse"), key("emploi"));
        assert_ne!(key("demandeuse"), key("demande"));
        assert_ne!(key("travailleuse"), key("travailler"));
        // Words in -trice or -euse that are no such feminine.
        for (word, stem) in [
            ("matrice", "matric"),
            ("cicatrices", "cicatric"),
            ("impératrice", "imper"),
            ("Béatrice", "beatric"),
            ("trice", "tric"),
        ] {
            assert_eq!(key(word), stem);
        }
        for (word, other) in [
            ("nombreuses", "nombreur"),
            ("sérieuse", "sérieur"),
            ("tondeuse", "tondeur"),
        ] {
            assert_ne!(key(word), key(other), "{word} / {other}");
        }
        assert_eq!(key("nombreuses"), key("nombreux"));
        assert_eq!(key("heureuse"), key("heureux"));
    }
}
