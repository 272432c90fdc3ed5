"""Place and nationality lexicons for the rule baselines.

Country names come from ISO 3166 (``pycountry``) plus the short names news writes
("Russia", "Britain"); nationality adjectives/people nouns, capitals, large world cities
and continents/regions are written out below as general lists covering all countries.
Subdivisions (states, provinces, counties) come from ``pycountry`` for the main
English-language news countries, whose subdivision names are English.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry

# Short or conventional names that ISO's official names don't give.
COUNTRY_ALIASES = """
Afghanistan|Russia|Britain|Great Britain|UK|U.K.|United Kingdom|US|U.S.|USA|U.S.A.|America|
United States|United States of America|Iran|Syria|Laos|Vietnam|South Korea|North Korea|Korea|
Moldova|Bolivia|Venezuela|Tanzania|Taiwan|Czech Republic|Czechia|Ivory Coast|Cote d'Ivoire|
Macedonia|North Macedonia|Burma|Myanmar|Congo|Democratic Republic of Congo|DR Congo|DRC|
Republic of Congo|Vatican|Vatican City|Holy See|Palestine|Palestinian Territories|Gaza|
West Bank|Kosovo|England|Scotland|Wales|Northern Ireland|Holland|Netherlands|Micronesia|
Brunei|Cape Verde|East Timor|Timor-Leste|Swaziland|Eswatini|Turkey|Turkiye|UAE|
United Arab Emirates|Soviet Union|USSR|Yugoslavia|Czechoslovakia|East Germany|West Germany|
Zaire|Rhodesia|Ceylon|Persia|Siam|Hong Kong|Macau|Macao|Greenland|Puerto Rico|Tibet|
Chechnya|Crimea|Transnistria|Abkhazia|South Ossetia|Somaliland|Western Sahara|PRC|ROK|DPRK|
Bosnia|Herzegovina|Bosnia and Herzegovina|Trinidad|Tobago|Saint Lucia|St Lucia|St. Lucia|
Saint Kitts and Nevis|St Kitts|Saint Vincent|The Gambia|Gambia|The Bahamas|Bahamas
"""

# Capital cities of all sovereign states (and a few widely reported territories).
CAPITALS = """
Kabul|Tirana|Algiers|Andorra la Vella|Luanda|Saint John's|Buenos Aires|Yerevan|Canberra|
Vienna|Baku|Nassau|Manama|Dhaka|Bridgetown|Minsk|Brussels|Belmopan|Porto-Novo|Thimphu|
La Paz|Sucre|Sarajevo|Gaborone|Brasilia|Bandar Seri Begawan|Sofia|Ouagadougou|Gitega|
Bujumbura|Praia|Phnom Penh|Yaounde|Ottawa|Bangui|N'Djamena|Santiago|Beijing|Peking|Bogota|
Moroni|Kinshasa|Brazzaville|San Jose|Yamoussoukro|Abidjan|Zagreb|Havana|Nicosia|Prague|
Copenhagen|Djibouti|Roseau|Santo Domingo|Quito|Cairo|San Salvador|Malabo|Asmara|Tallinn|
Mbabane|Addis Ababa|Suva|Helsinki|Paris|Libreville|Banjul|Tbilisi|Berlin|Bonn|Accra|Athens|
Saint George's|Guatemala City|Conakry|Bissau|Georgetown|Port-au-Prince|Tegucigalpa|
Budapest|Reykjavik|New Delhi|Delhi|Jakarta|Tehran|Baghdad|Dublin|Jerusalem|Tel Aviv|Rome|
Kingston|Tokyo|Amman|Astana|Nur-Sultan|Nairobi|Tarawa|Pristina|Kuwait City|Bishkek|
Vientiane|Riga|Beirut|Maseru|Monrovia|Tripoli|Vaduz|Vilnius|Luxembourg|Antananarivo|
Lilongwe|Kuala Lumpur|Male|Bamako|Valletta|Majuro|Nouakchott|Port Louis|Mexico City|
Palikir|Chisinau|Monaco|Ulaanbaatar|Ulan Bator|Podgorica|Rabat|Maputo|Naypyidaw|Yangon|
Rangoon|Windhoek|Kathmandu|Amsterdam|The Hague|Wellington|Managua|Niamey|Abuja|Pyongyang|
Skopje|Oslo|Muscat|Islamabad|Ngerulmud|Panama City|Port Moresby|Asuncion|Lima|Manila|
Warsaw|Lisbon|Doha|Bucharest|Moscow|Kigali|Basseterre|Castries|Kingstown|Apia|San Marino|
Sao Tome|Riyadh|Dakar|Belgrade|Victoria|Freetown|Singapore|Bratislava|Ljubljana|Honiara|
Mogadishu|Pretoria|Cape Town|Bloemfontein|Seoul|Juba|Madrid|Colombo|Sri Jayawardenepura Kotte|
Khartoum|Paramaribo|Stockholm|Bern|Damascus|Taipei|Dushanbe|Dodoma|Dar es Salaam|Bangkok|
Dili|Lome|Nuku'alofa|Port of Spain|Tunis|Ankara|Ashgabat|Funafuti|Kampala|Kyiv|Kiev|
Abu Dhabi|London|Washington|Montevideo|Tashkent|Port Vila|Vatican City|Caracas|Hanoi|
Sanaa|Lusaka|Harare|Ramallah|Nuuk|San Juan|Hong Kong
"""

# Large cities that are not capitals, across all continents.
MAJOR_CITIES = """
New York|New York City|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|
San Diego|Dallas|San Francisco|Seattle|Boston|Miami|Atlanta|Detroit|Denver|Las Vegas|
Baltimore|Minneapolis|St. Louis|Pittsburgh|Cleveland|New Orleans|Portland|Nashville|
Toronto|Montreal|Vancouver|Calgary|Sydney|Melbourne|Brisbane|Perth|Adelaide|Auckland|
Manchester|Liverpool|Birmingham|Leeds|Glasgow|Edinburgh|Bristol|Cardiff|Belfast|Oxford|
Cambridge|Hamburg|Munich|Frankfurt|Cologne|Stuttgart|Dusseldorf|Leipzig|Dresden|Marseille|
Lyon|Toulouse|Nice|Strasbourg|Bordeaux|Milan|Naples|Turin|Florence|Venice|Genoa|Palermo|
Barcelona|Valencia|Seville|Bilbao|Porto|Rotterdam|Antwerp|Geneva|Zurich|Basel|Gothenburg|
Krakow|Gdansk|St Petersburg|St. Petersburg|Saint Petersburg|Novosibirsk|Yekaterinburg|
Vladivostok|Kharkiv|Kharkov|Odesa|Odessa|Lviv|Istanbul|Izmir|Thessaloniki|Alexandria|
Casablanca|Marrakesh|Lagos|Kano|Johannesburg|Durban|Mombasa|Karachi|Lahore|Peshawar|
Mumbai|Bombay|Kolkata|Calcutta|Chennai|Madras|Bangalore|Bengaluru|Hyderabad|Ahmedabad|
Shanghai|Guangzhou|Shenzhen|Chongqing|Tianjin|Wuhan|Chengdu|Nanjing|Xi'an|Harbin|Osaka|
Kyoto|Yokohama|Nagoya|Busan|Ho Chi Minh City|Saigon|Surabaya|Cebu|Sao Paulo|Rio de Janeiro|
Salvador|Belo Horizonte|Guadalajara|Monterrey|Medellin|Cali|Guayaquil|Cordoba|Rosario|
Valparaiso|Dubai|Jeddah|Mecca|Medina|Basra|Mosul|Aleppo|Homs|Isfahan|Mashhad|Haifa|
Benghazi|Kandahar|Herat|Chittagong|Almaty|Samarkand|Gaza City
"""

CONTINENTS_AND_REGIONS = """
Africa|Antarctica|Asia|Europe|North America|South America|Latin America|Central America|
Oceania|Australasia|Eurasia|Middle East|Near East|Far East|Scandinavia|Balkans|Caucasus|
Baltic|Baltics|Mediterranean|Sahara|Sahel|Horn of Africa|West Africa|East Africa|
North Africa|Southern Africa|Central Africa|Sub-Saharan Africa|Southeast Asia|South Asia|
East Asia|Central Asia|Western Europe|Eastern Europe|Central Europe|Northern Europe|
Southern Europe|Arctic|Atlantic|Pacific|Indian Ocean|Persian Gulf|Gulf|Caribbean|
Siberia|Patagonia|Amazon|Himalayas|Alps|Andes|Arabian Peninsula|Korean Peninsula|
Black Sea|Red Sea|Baltic Sea|North Sea|Caspian Sea|South China Sea|East China Sea|
Yellow Sea|Sea of Japan|Mediterranean Sea|Dead Sea|Nile|Danube|Rhine|Volga|Thames|
Yangtze|Mississippi|West|East|Midwest
"""

# Nationality adjectives and people nouns for every country, plus regional, religious and
# political group words (OntoNotes NORP).
DEMONYMS = """
Afghan|Afghans|Albanian|Albanians|Algerian|Algerians|American|Americans|Andorran|Angolan|
Angolans|Antiguan|Argentine|Argentinian|Argentinians|Argentines|Armenian|Armenians|
Australian|Australians|Austrian|Austrians|Azerbaijani|Azerbaijanis|Azeri|Azeris|Bahamian|
Bahraini|Bahrainis|Bangladeshi|Bangladeshis|Barbadian|Belarusian|Belarusians|Belarussian|
Belgian|Belgians|Belizean|Beninese|Bhutanese|Bolivian|Bolivians|Bosnian|Bosnians|
Botswanan|Motswana|Batswana|Brazilian|Brazilians|British|Briton|Britons|Brit|Brits|
Bruneian|Bulgarian|Bulgarians|Burkinabe|Burmese|Burundian|Cambodian|Cambodians|
Cameroonian|Cameroonians|Canadian|Canadians|Cape Verdean|Central African|Chadian|Chilean|
Chileans|Chinese|Colombian|Colombians|Comoran|Congolese|Costa Rican|Croatian|Croatians|
Croat|Croats|Cuban|Cubans|Cypriot|Cypriots|Czech|Czechs|Danish|Dane|Danes|Djiboutian|
Dominican|Dominicans|Dutch|Dutchman|Ecuadorian|Ecuadorians|Egyptian|Egyptians|
Salvadoran|Salvadorans|Equatorial Guinean|Eritrean|Eritreans|Estonian|Estonians|
Ethiopian|Ethiopians|Fijian|Fijians|Filipino|Filipinos|Philippine|Finnish|Finn|Finns|
French|Frenchman|Frenchmen|Gabonese|Gambian|Georgian|Georgians|German|Germans|Ghanaian|
Ghanaians|Greek|Greeks|Grenadian|Guatemalan|Guatemalans|Guinean|Guineans|Guyanese|
Haitian|Haitians|Honduran|Hondurans|Hungarian|Hungarians|Icelandic|Icelander|Icelanders|
Indian|Indians|Indonesian|Indonesians|Iranian|Iranians|Iraqi|Iraqis|Irish|Irishman|
Israeli|Israelis|Italian|Italians|Ivorian|Ivorians|Jamaican|Jamaicans|Japanese|
Jordanian|Jordanians|Kazakh|Kazakhs|Kazakhstani|Kenyan|Kenyans|Kiribati|Korean|Koreans|
North Korean|North Koreans|South Korean|South Koreans|Kosovar|Kosovan|Kuwaiti|Kuwaitis|
Kyrgyz|Lao|Laotian|Latvian|Latvians|Lebanese|Basotho|Liberian|Liberians|Libyan|Libyans|
Liechtensteiner|Lithuanian|Lithuanians|Luxembourgish|Luxembourger|Macedonian|
Macedonians|Malagasy|Malawian|Malawians|Malaysian|Malaysians|Maldivian|Malian|Malians|
Maltese|Marshallese|Mauritanian|Mauritanians|Mauritian|Mexican|Mexicans|Micronesian|
Moldovan|Moldovans|Monegasque|Mongolian|Mongolians|Mongol|Mongols|Montenegrin|
Montenegrins|Moroccan|Moroccans|Mozambican|Mozambicans|Myanmar|Namibian|Namibians|
Nauruan|Nepali|Nepalese|New Zealander|New Zealanders|Nicaraguan|Nicaraguans|Nigerien|
Nigerian|Nigerians|Norwegian|Norwegians|Omani|Omanis|Pakistani|Pakistanis|Palauan|
Palestinian|Palestinians|Panamanian|Panamanians|Papua New Guinean|Paraguayan|
Paraguayans|Peruvian|Peruvians|Polish|Pole|Poles|Portuguese|Qatari|Qataris|Romanian|
Romanians|Russian|Russians|Rwandan|Rwandans|Samoan|Sammarinese|Saudi|Saudis|
Saudi Arabian|Senegalese|Serbian|Serbians|Serb|Serbs|Seychellois|Sierra Leonean|
Singaporean|Singaporeans|Slovak|Slovaks|Slovakian|Slovenian|Slovenians|Slovene|Slovenes|
Solomon Islander|Somali|Somalis|South African|South Africans|South Sudanese|Spanish|
Spaniard|Spaniards|Sri Lankan|Sri Lankans|Sudanese|Surinamese|Swazi|Swedish|Swede|Swedes|
Swiss|Syrian|Syrians|Taiwanese|Tajik|Tajiks|Tajikistani|Tanzanian|Tanzanians|Thai|Thais|
Timorese|Togolese|Tongan|Trinidadian|Tobagonian|Tunisian|Tunisians|Turkish|Turk|Turks|
Turkmen|Tuvaluan|Ugandan|Ugandans|Ukrainian|Ukrainians|Emirati|Emiratis|Uruguayan|
Uruguayans|Uzbek|Uzbeks|Ni-Vanuatu|Venezuelan|Venezuelans|Vietnamese|Yemeni|Yemenis|
Zambian|Zambians|Zimbabwean|Zimbabweans|English|Englishman|Englishmen|Scottish|Scot|Scots|
Welsh|Northern Irish|Soviet|Soviets|Yugoslav|Yugoslavian|Czechoslovak|Tibetan|Tibetans|
Chechen|Chechens|Crimean|Kurd|Kurds|Kurdish|Basque|Basques|Catalan|Catalans|Flemish|
Walloon|Tamil|Tamils|Sikh|Sikhs|Pashtun|Pashtuns|Baloch|Uighur|Uighurs|Uyghur|Uyghurs|
Tatar|Tatars|Cossack|Cossacks|Berber|Berbers|Hutu|Hutus|Tutsi|Tutsis|Zulu|Zulus|Maori|
Aboriginal|Inuit|Roma|Hispanic|Hispanics|Latino|Latinos|Latina|Arab|Arabs|Arabic|Persian|
Persians|Slav|Slavs|Slavic|European|Europeans|African|Africans|Asian|Asians|
Latin American|Latin Americans|Middle Eastern|Scandinavian|Scandinavians|Balkan|Nordic|
Baltic|Caribbean|Western|Westerner|Westerners|Christian|Christians|Catholic|Catholics|
Protestant|Protestants|Orthodox|Muslim|Muslims|Moslem|Moslems|Islamic|Islamist|Islamists|
Jew|Jews|Jewish|Hindu|Hindus|Buddhist|Buddhists|Sunni|Sunnis|Shia|Shiite|Shiites|
Shi'ite|Shi'ites|Alawite|Alawites|Druze|Mormon|Mormons|Evangelical|Evangelicals|
Anglican|Anglicans|Lutheran|Methodist|Baptist|Democrat|Democrats|Democratic|Republican|
Republicans|Communist|Communists|Socialist|Socialists|Conservative|Conservatives|
Liberal|Liberals|Tory|Tories|Labourite|Marxist|Marxists|Maoist|Maoists|Nazi|Nazis|
Fascist|Fascists|Bolshevik|Bolsheviks|Zionist|Zionists|Jihadist|Jihadists
"""


def _split(block: str) -> frozenset[str]:
    return frozenset(w.strip() for w in block.replace("\n", "").split("|") if w.strip())


def _ascii(name: str) -> str:
    """"Karnātaka" -> "Karnataka": news English writes subdivision names without marks."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def country_names() -> frozenset[str]:
    names = set(_split(COUNTRY_ALIASES))
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            # "Korea, Republic of" -> "Korea"; "Falkland Islands (Malvinas)" -> both
            value = _ascii(value)
            head = value.split(",")[0].split(" (")[0].strip()
            names.add(head)
            if "(" in value:
                names.add(value.split("(")[1].rstrip(")"))
    return frozenset(names)


# English-language news countries: their subdivision names are written in English.
SUBDIVISION_COUNTRIES = ("US", "GB", "CA", "AU", "IE", "NZ", "IN")


@lru_cache(maxsize=None)
def subdivision_names() -> frozenset[str]:
    names = set()
    for cc in SUBDIVISION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            names.add(_ascii(sub.name).split(",")[0].split(" [")[0].strip())
    return frozenset(names)


@lru_cache(maxsize=None)
def gpe_names() -> frozenset[str]:
    """Countries, capitals, large cities and subdivisions: all GPE."""
    return country_names() | _split(CAPITALS) | _split(MAJOR_CITIES) | subdivision_names()


LOC_NAMES = _split(CONTINENTS_AND_REGIONS)
NORP_NAMES = _split(DEMONYMS)


@lru_cache(maxsize=None)
def language_names() -> frozenset[str]:
    """Major languages: those with an ISO 639-1 two-letter code."""
    names = set()
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            names.add(_ascii(lang.name).split(";")[0].split(" (")[0].strip())
    return frozenset(names)
