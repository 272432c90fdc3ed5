"""Word lists that classify capitalised names: titles, heads of organisation, facility,
location, event and law names, and given names.

All lists are general English usage, not taken from any benchmark text. Given names come
from the ``gender-guesser`` package's international first-name dictionary.
"""
from __future__ import annotations

from functools import lru_cache


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Function words and other words that are never a name by themselves when capitalised at
# the start of a sentence or a headline ("The", "In", "But", "However").
FUNCTION_WORDS = _words("""
a an the this that these those there here it its it's he she they we i you his her their
our my your him them us me who whom whose which what when where why how whether if then
than and or but nor so yet for of in on at to from by with without within into onto upon
about above below over under after before since until while during through throughout
across against among between beyond near as like despite although though because unless
also even just only still already again not no yes all any both each every either neither
some many much more most other another such same own several few one none nobody
however meanwhile moreover furthermore nevertheless instead otherwise thus therefore hence
indeed perhaps maybe now today yesterday tomorrow tonight later earlier once sometimes
often never always ever is are was were be been being am has have had do does did will
would shall should can could may might must let please according said says say asked
told added sign click read watch follow subscribe share see more latest breaking update
updated exclusive live new last next first second third monday tuesday wednesday thursday
friday saturday sunday january february march april june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec
""")

# Titles and honorifics that precede a person's name and stay outside the PERSON span.
TITLES = _words("""
Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Rev Rev.
Reverend Father Sister Brother Rabbi Imam Sheikh Sheik Ayatollah Pope Cardinal Bishop
Archbishop King Queen Prince Princess Emperor Empress Sultan Emir Crown Duke Duchess Count
President Premier Chancellor Minister Secretary Ambassador Envoy Senator Sen. Sen
Representative Rep. Congressman Congresswoman Governor Gov. Mayor Judge Justice Attorney
Prosecutor Commissioner Chairman Chairwoman Chair Chief Director Spokesman Spokeswoman
Spokesperson Leader Commander Gen. General Lt. Lieutenant Col. Colonel Maj. Major Capt.
Captain Sgt. Sergeant Cpl. Corporal Pvt. Private Adm. Admiral Brig. Brigadier Cmdr.
Marshal Field Officer Inspector Insp. Supt. Superintendent Detective Coach Manager Striker
Goalkeeper Defender Midfielder CEO Chief-Executive Dr Deputy Vice Acting Former Foreign
Defence Defense Interior Finance Prime Economy Trade Health Justice Home State Assistant
Undersecretary Secretary-General Speaker Patriarch Metropolitan Ayatollah Mullah Comrade
""")

# Words of TITLES that only modify a following title ("Foreign Minister", "Vice President")
# and are not a title on their own.
TITLE_MODIFIERS = _words("""
Deputy Vice Acting Former Foreign Defence Defense Interior Finance Prime Economy Trade
Health Justice Home State Assistant Crown Field Chief Lord
""")

# Lower-case role nouns that announce a following name: "foreign minister [Name]".
ROLE_NOUNS = _words("""
president minister secretary ambassador envoy senator governor mayor judge prosecutor
commissioner chairman chairwoman chair chief director spokesman spokeswoman spokesperson
leader commander general colonel captain lieutenant sergeant admiral officer inspector
coach manager striker goalkeeper defender midfielder forward winger player captain
chancellor premier king queen prince princess pope cardinal bishop archbishop rabbi imam
analyst economist lawyer attorney correspondent editor reporter columnist author writer
singer actor actress star champion veteran founder owner executive ceo chief-executive
father mother son daughter brother sister wife husband uncle aunt cousin nephew niece
colleague teammate rival opponent counterpart boss head deputy adviser advisor aide
official officials diplomat lawmaker legislator politician candidate challenger
""")

# Last words that make a capitalised sequence an organisation name.
ORG_HEADS = _words("""
Ministry Ministries Department Office Agency Agencies Bureau Service Services Council
Committee Commission Command Corps Army Navy Force Forces Guard Guards Police Parliament
Assembly Congress Senate Cabinet Court Tribunal Government Administration Authority
Board Party Front Movement Alliance Coalition Union League Federation Association
Society Institute Institution Foundation Fund Trust Bank Group Holdings Company Co Co.
Corp Corp. Corporation Inc Inc. Ltd Ltd. Limited LLC PLC Plc AG SA GmbH NV Partners
Airlines Airways Motors Industries Industrial Systems Technologies Technology Electronics
Pharmaceuticals Energy Oil Petroleum Gas Telecom Communications Media Network Networks
News Times Post Journal Herald Gazette Tribune Telegraph Guardian Observer Express
Chronicle Daily Weekly Magazine Press Agency Broadcasting Radio Television TV Studios
University College School Academy Church Mosque Hospital Clinic Museum Library
Brigade Brigades Battalion Division Regiment Fleet Squadron Cartel Mafia
Club United City Rovers Wanderers Athletic Albion Town County FC AFC SC
Exchange Markets Securities Capital Investments Insurance Group Stores Foods Brewery
Embassy Consulate Mission Delegation
""")

# First words that make a "X of Y" sequence an organisation name ("Bank of England").
ORG_STARTS = _words("""
Ministry Department Office Bureau Council Committee Commission Board Bank University
College Institute Academy Church Federation Association Society Union League Order
House Court Organisation Organization Party Fund Friends Chamber Secretariat
""")

FACILITY_HEADS = _words("""
Airport Airfield Bridge Street St. Road Avenue Boulevard Highway Motorway Freeway Tunnel
Stadium Arena Park Palace Tower Towers Square Station Terminal Port Harbour Harbor Base
Dam Canal Prison Jail Cathedral Temple Castle Hall Center Centre Building Plaza Mall
Pipeline Plant Reactor Memorial Monument Gate
""")

LOCATION_HEADS = _words("""
River Sea Ocean Lake Gulf Bay Peninsula Valley Desert Island Islands Isles Strait Straits
Coast Mountains Mountain Hills Range Forest Plain Plains Basin Delta Canyon Falls Glacier
Region Channel Cape
""")
LOCATION_STARTS = _words("Mount Mt. Lake Cape Gulf Isle Sea")

GPE_HEADS = _words("City County Province Oblast Prefecture Governorate District Township Village")

EVENT_HEADS = _words("""
War Wars Revolution Cup Olympics Olympiad Games Championship Championships Open Masters
Grand Prix Tournament Trophy Festival Summit Conference Expo Election Elections Crisis
Massacre Uprising Spring Marathon Derby Classic Series Tour Rally Offensive Operation
""")

LAW_HEADS = _words("""
Act Law Treaty Accord Accords Agreement Constitution Amendment Convention Protocol
Charter Code Bill Directive Resolution Declaration Pact
""")

PRODUCT_HEADS = _words("iPhone iPad Windows Android Boeing Airbus")

# International organisations known by short names or acronyms.
KNOWN_ORGS = frozenset("""
UN|U.N.|United Nations|NATO|Nato|EU|E.U.|European Union|WHO|IMF|World Bank|OPEC|WTO|
Red Cross|Red Crescent|FIFA|UEFA|IOC|Interpol|Europol|ASEAN|African Union|OSCE|OECD|
G7|G8|G20|BRICS|Arab League|Commonwealth|UNESCO|UNICEF|UNHCR|IAEA|ICC|ICJ|CIA|FBI|NSA|
KGB|FSB|GRU|MI5|MI6|Pentagon|White House|Downing Street|Congress|Senate|
Parliament|Bundestag|Duma|Knesset|Hamas|Hezbollah|Taliban|Al Qaeda|al-Qaeda|ISIS|ISIL|
Islamic State|Reuters|AP|AFP|BBC|CNN|Fox News|Xinhua|TASS|Tass|Interfax|Bloomberg|
Google|Apple|Microsoft|Amazon|Facebook|Meta|Twitter|YouTube|Instagram|TikTok|Telegram|
""".replace("\n", "").split("|")) - {""}


@lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    """International first names; consulted only before another capitalised word."""
    import gender_guesser.detector as detector

    names = detector.Detector().names
    return frozenset(n for n in names if n[:1].isupper() and n.lower() not in FUNCTION_WORDS)
