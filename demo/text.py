"""Phrase pools for the large data set: Swedish, Norwegian and English, so full-text search and
the similarity warning meet real vocabulary. Deterministic for a given random generator."""

import random

TOPICS = {
    "sv": [
        "sommarjobb för unga",
        "laddinfrastruktur för elbilar",
        "lediga lokaler i centrum",
        "praktikplatser för nyanlända",
        "cirkulär byggnadsmateriel",
        "delade lastcyklar",
        "lokal livsmedelsproduktion",
        "turism i skärgården",
        "digitala tjänster för handeln",
        "kompetensförsörjning inom vården",
        "solenergi på industritak",
        "trygga stråk kvällstid",
        "mentorskap för entreprenörer",
        "återbruk av möbler",
        "gemensam logistik för butiker",
        "evenemang i hamnen",
        "öppna data om trafik",
        "kollektivtrafik till industriområdet",
        "språkutbildning på arbetsplatsen",
        "grön omställning i tillverkningsindustrin",
    ],
    "nb": [
        "sommerjobb for ungdom",
        "ladestasjoner for varebiler",
        "ledige lokaler i sentrum",
        "arbeidstrening for innvandrere",
        "ombruk av byggematerialer",
        "felles bysykler",
        "lokal matproduksjon",
        "reiseliv langs fjorden",
        "digitale tjenester for handelen",
        "rekruttering til helsesektoren",
        "solceller på næringsbygg",
        "trygge gangveier",
        "mentorordning for gründere",
        "gjenbruk av kontormøbler",
        "felles varelevering",
        "arrangementer på kaia",
        "åpne data om parkering",
        "busstilbud til næringsparken",
        "norskopplæring på arbeidsplassen",
        "grønn omstilling i industrien",
    ],
    "en": [
        "summer jobs for young people",
        "charging points for delivery vans",
        "vacant shops in the city centre",
        "work placements for newcomers",
        "circular building materials",
        "shared cargo bikes",
        "local food production",
        "tourism along the coast",
        "digital services for retailers",
        "recruitment for health care",
        "solar panels on warehouse roofs",
        "safe walking routes at night",
        "mentoring for start-ups",
        "reuse of office furniture",
        "joint deliveries for small shops",
        "events in the harbour",
        "open data on traffic",
        "bus links to the business park",
        "language training at work",
        "the green transition in manufacturing",
    ],
}

ACTIONS = {
    "sv": [
        "Samverkan kring",
        "Ett gemensamt pilotprojekt om",
        "Arbetsgrupp för",
        "Medfinansiering av",
        "Kunskapsutbyte om",
        "Ny satsning på",
    ],
    "nb": [
        "Samarbeid om",
        "Et felles pilotprosjekt om",
        "Arbeidsgruppe for",
        "Medfinansiering av",
        "Erfaringsutveksling om",
        "Ny satsing på",
    ],
    "en": [
        "Collaboration on",
        "A joint pilot on",
        "A working group for",
        "Co-financing of",
        "Sharing knowledge on",
        "A new effort on",
    ],
}

PLACES = {
    "sv": [
        "i centrum",
        "i hamnen",
        "i glesbygden",
        "för småföretag",
        "i industriområdet",
        "i stadsdelarna",
        "längs kusten",
        "vid stationen",
    ],
    "nb": [
        "i sentrum",
        "på havna",
        "i distriktene",
        "for småbedrifter",
        "i næringsparken",
        "i bydelene",
        "langs fjorden",
        "ved stasjonen",
    ],
    "en": [
        "in the city centre",
        "in the harbour",
        "in rural areas",
        "for small companies",
        "in the business park",
        "in the suburbs",
        "along the coast",
        "near the station",
    ],
}

SENTENCES = {
    "sv": [
        "Vi vill samarbeta med kommunen om {topic} {place}.",
        "Flera lokala företag är beredda att bidra med personal, lokaler och tid.",
        "Idén stärker det lokala näringslivet och en socialt hållbar stad.",
        "Liknande arbete pågår i grannkommunerna och vi vill lära av det.",
        "Vi föreslår en arbetsgrupp med representanter från både företag och förvaltningar.",
        "Målet är att {topic} ska bli en självklar del av regionens utveckling.",
        "Finansieringen kan delas mellan företagen och kommunen under tre år.",
    ],
    "nb": [
        "Vi ønsker å samarbeide med kommunen om {topic} {place}.",
        "Flere lokale bedrifter er villige til å bidra med folk, lokaler og tid.",
        "Ideen styrker næringslivet og en sosialt bærekraftig by.",
        "Lignende arbeid pågår i nabokommunene, og vi vil lære av det.",
        "Vi foreslår en arbeidsgruppe med folk fra både næringslivet og kommunen.",
        "Målet er at {topic} skal bli en naturlig del av regionens utvikling.",
        "Kostnadene kan deles mellom bedriftene og kommunen over tre år.",
    ],
    "en": [
        "We would like to work with the municipality on {topic} {place}.",
        "Several local companies are ready to contribute people, premises and time.",
        "The idea strengthens local business and a socially sustainable region.",
        "Similar work is under way in neighbouring municipalities and we want to learn from it.",
        "We propose a working group with people from both companies and departments.",
        "The aim is to make {topic} a natural part of how the region develops.",
        "The costs could be shared between the companies and the municipality over three years.",
    ],
}

FIRST = [
    "Anna",
    "Erik",
    "Fatima",
    "Johan",
    "Maria",
    "Ola",
    "Sara",
    "Lars",
    "Ingrid",
    "Kari",
    "Mohammed",
    "Elin",
    "Nils",
    "Sofia",
    "Ahmed",
    "Liv",
    "Henrik",
    "Emma",
    "Jonas",
    "Aisha",
]
LAST = [
    "Berg",
    "Lind",
    "Hassan",
    "Ek",
    "Nilsson",
    "Nordmann",
    "Ali",
    "Persson",
    "Holm",
    "Johansen",
    "Andersson",
    "Haugen",
    "Karlsson",
    "Larsen",
    "Svensson",
    "Dahl",
    "Olsen",
]
COMPANY = [
    "Bygg",
    "Handel",
    "Logistik",
    "Energi",
    "Data",
    "Konsult",
    "Mat",
    "Design",
    "Industri",
    "Fastigheter",
    "Transport",
    "Kultur",
]
SUFFIX = ["AB", "AS", "HB", "Ltd"]
ROLES = [
    "Managing director",
    "Owner",
    "CEO",
    "HR manager",
    "Partner",
    "Founder",
    "Sustainability manager",
    "Sales manager",
]
LANGS = ["sv"] * 5 + ["nb"] * 3 + ["en"] * 2


def title(rng: random.Random, lang: str) -> tuple[str, str]:
    topic = rng.choice(TOPICS[lang])
    title = f"{rng.choice(ACTIONS[lang])} {topic} {rng.choice(PLACES[lang])}"
    return title, topic


def text(rng: random.Random, lang: str, topic: str, sentences: int = 4) -> str:
    chosen = rng.sample(SENTENCES[lang], sentences)
    return " ".join(s.format(topic=topic, place=rng.choice(PLACES[lang])) for s in chosen)


def company(rng: random.Random, i: int) -> str:
    return f"{rng.choice(LAST)} {rng.choice(COMPANY)} {i} {rng.choice(SUFFIX)}"
